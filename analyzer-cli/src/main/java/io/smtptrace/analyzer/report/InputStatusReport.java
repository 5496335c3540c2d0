package io.smtptrace.analyzer.report;

import java.io.PrintWriter;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smtptrace.analyzer.i18n.Messages;
import io.smtptrace.analyzer.read.InputStatus;
import io.smtptrace.analyzer.read.RunStatus;
import io.smtptrace.analyzer.read.RunStatus.Outcome;
import picocli.CommandLine.Help.Ansi;

/**
 * The input-status part of every report format: which inputs failed and that the result is incomplete, or that no
 * conversation was found at all. A reader of any format (a person, a SARIF viewer, a JUnit dashboard) must see that a
 * run which missed data is not a clean run.
 */
public final class InputStatusReport {
    private final Summary s;
    private final Messages msg;

    public InputStatusReport(Summary s) {
        this.s = s;
        this.msg = Messages.of("inputs", s.lang);
    }

    public Outcome outcome() {
        return s.status == null ? Outcome.COMPLETE : s.status.outcome();
    }

    private List<InputStatus> inputs() {
        return s.status == null ? List.of() : s.status.inputs();
    }

    private List<InputStatus> failed() {
        return s.status == null ? List.of() : s.status.failed();
    }

    /** Whether a run without findings may say "No problems found": only when it read everything and found something. */
    public boolean clean() {
        return outcome() == Outcome.COMPLETE;
    }

    /** One line per failed input, the reason in it. */
    public String line(InputStatus i) {
        if (i.state() == InputStatus.State.UNREADABLE) return msg.get("run.input.unreadable", i.name(), i.error());
        return i.errorLine() > 0 ? msg.get("run.input.cut", i.name(), i.errorLine(), i.error())
                : msg.get("run.input.cut.noline", i.name(), i.error());
    }

    /** The headline of a run that is not complete, null for a complete one. */
    public String headline() {
        return switch (outcome()) {
            case INCOMPLETE -> msg.get("run.incomplete", failed().size(), inputs().size());
            case EMPTY -> msg.get(s.allowEmpty ? "run.empty.allowed" : "run.empty");
            case COMPLETE -> null;
        };
    }

    // ---- text

    /** The block under the text report's header: headline and the failed inputs. Nothing for a complete run. */
    public void textHeader(PrintWriter out, Ansi ansi) {
        String h = headline();
        if (h == null) return;
        String colour = outcome() == Outcome.EMPTY && s.allowEmpty ? "yellow" : "red";
        out.println();
        TextReporter.wrap(out, "", ansi.string("@|bold," + colour + " " + h + "|@"));
        for (InputStatus i : failed()) TextReporter.wrap(out, "  ", line(i));
    }

    /** Replaces "No problems found." when the run is not complete (the empty case was said in the header). */
    public void textNoFindings(PrintWriter out, Ansi ansi) {
        if (outcome() == Outcome.INCOMPLETE) out.println(ansi.string("@|bold,red " + msg.get("run.nofindings.incomplete") + "|@"));
    }

    /** The last line of a text report with findings from an incomplete run: the reminder where CI logs are read. */
    public void textFooter(PrintWriter out, Ansi ansi) {
        if (outcome() == Outcome.INCOMPLETE) out.println(ansi.string("@|bold,red " + msg.get("run.footer.incomplete", failed().size()) + "|@"));
    }

    // ---- JSON

    /** {@code "run": {"outcome": "complete|incomplete|empty", "complete": bool, "message": ..., "inputs": [...]}} */
    public void json(ObjectNode root) {
        ObjectNode run = root.putObject("run");
        run.put("outcome", outcome().label());
        run.put("complete", outcome() == Outcome.COMPLETE);
        run.put("message", headline());
        ArrayNode arr = run.putArray("inputs");
        for (InputStatus i : inputs()) {
            ObjectNode o = arr.addObject();
            o.put("name", i.name());
            o.put("state", i.state().label());
            o.put("sessions", i.sessions());
            o.put("problems", i.problems());
            if (i.failed()) {
                o.put("error", i.error());
                if (i.errorLine() > 0) o.put("line", i.errorLine());
            }
        }
    }

    // ---- SARIF

    /**
     * {@code invocations[0]}: {@code executionSuccessful} is false for an incomplete run and for an empty one not
     * accepted with --allow-empty; each failed input is a {@code toolExecutionNotification} located at that input.
     */
    public void sarif(ObjectNode run) {
        ObjectNode inv = run.putArray("invocations").addObject();
        Outcome o = outcome();
        inv.put("executionSuccessful", o == Outcome.COMPLETE || o == Outcome.EMPTY && s.allowEmpty);
        ArrayNode notes = inv.putArray("toolExecutionNotifications");
        String h = headline();
        if (h != null) {
            ObjectNode n = notes.addObject();
            n.put("level", o == Outcome.EMPTY && s.allowEmpty ? "warning" : "error");
            n.putObject("message").put("text", h);
            n.putObject("descriptor").put("id", "run-" + o.label());
        }
        for (InputStatus i : failed()) {
            ObjectNode n = notes.addObject();
            n.put("level", "error");
            n.putObject("message").put("text", line(i));
            n.putObject("descriptor").put("id", "input-" + i.state().label());
            ObjectNode pl = n.putArray("locations").addObject().putObject("physicalLocation");
            pl.putObject("artifactLocation").put("uri", i.name().replace('\\', '/'));
            if (i.errorLine() > 0) pl.putObject("region").put("startLine", i.errorLine());
        }
    }

    // ---- JUnit

    /** Test cases with an {@code <error>}: one per failed input, or one for an empty run. */
    public List<String> junitErrors() {
        if (outcome() == Outcome.EMPTY && !s.allowEmpty) return List.of(junitCase("inputs", "empty", headline(), headline()));
        return failed().stream().map(i -> junitCase(msg.get("run.junit.input", i.name()), "incomplete", headline(), line(i))).toList();
    }

    private static String junitCase(String name, String type, String message, String text) {
        return "    <testcase classname=\"smtp-trace.inputs\" name=\"" + JunitReporter.esc(name) + "\">\n      <error type=\"" + type + "\" message=\""
                + JunitReporter.esc(message) + "\">" + JunitReporter.esc(text) + "</error>\n    </testcase>";
    }
}
