package io.smtptrace.analyzer.support;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.smtptrace.analyzer.model.Session;
import io.smtptrace.analyzer.read.Diagnostics;
import io.smtptrace.analyzer.read.Inputs;
import io.smtptrace.analyzer.rules.Finding;
import io.smtptrace.analyzer.rules.Rules;

/** Reads inputs through the real readers and runs all rules: sessions, findings and diagnostics for assertions. */
public final class Analysis {
    public final List<Session> sessions = new ArrayList<>();
    public List<Finding> findings;
    public final StringWriter err = new StringWriter();
    public Diagnostics diag;

    public static Analysis of(Path... files) {
        List<String> names = new ArrayList<>();
        for (Path p : files) names.add(p.toString());
        return of(names);
    }

    public static Analysis of(List<String> files) {
        Analysis a = new Analysis();
        a.diag = new Diagnostics(new PrintWriter(a.err, true));
        Rules rules = new Rules();
        new Inputs(a.diag, System.in, null).readAll(files, s -> {
            a.sessions.add(s);
            rules.accept(s);
        });
        a.findings = rules.findings();
        return a;
    }

    public static List<Finding> findingsOf(List<Session> sessions) {
        Rules rules = new Rules();
        sessions.forEach(rules::accept);
        return rules.findings();
    }
}
