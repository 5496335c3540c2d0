package io.smtptrace.analyzer.report;

import java.io.PrintWriter;
import java.util.List;

import io.smtptrace.analyzer.rules.Finding;

public interface Reporter {
    void report(Summary summary, List<Finding> findings, PrintWriter out);
}
