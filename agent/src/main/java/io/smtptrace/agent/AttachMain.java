package io.smtptrace.agent;

import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code java -jar smtp-trace-agent.jar attach <pid> [key=value,...]}: loads the agent into a running JVM, which then
 * traces every SMTP connection opened from then on (and traffic on ones already open). Without a pid, lists the JVMs
 * it could attach to, like {@code jcmd}. Every failure is one line on stderr: 2 for a usage error or a JVM that cannot
 * be attached to, 1 when the agent is already active there (nothing changed).
 */
public final class AttachMain {

    /** Set by the agent in the target JVM's agent properties (not its system properties: the application's view). */
    static final String ACTIVE_PROPERTY = "smtptrace.agent.active";

    private AttachMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || !"attach".equals(args[0]) || args.length > 3) {
            err.println("usage: java -jar smtp-trace-agent.jar attach [<pid> [file=/path.jsonl,envelope=domain]]");
            err.println("       (without a pid: lists the JVMs it can attach to)");
            err.println("       or start the JVM with -javaagent:smtp-trace-agent.jar");
            return 2;
        }
        if (args.length == 1) {
            return list(out, err);
        }
        String pid = args[1];
        if (!pid.matches("[0-9]{1,10}")) {
            err.println("smtp-trace: '" + pid + "' is not a process id; 'java -jar smtp-trace-agent.jar attach' lists"
                    + " the JVMs it can attach to");
            return 2;
        }
        String jar;
        try {
            jar = new File(AttachMain.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .getAbsolutePath();
        } catch (Exception e) {
            err.println("smtp-trace: cannot locate the agent jar: " + e);
            return 2;
        }
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(pid);
        } catch (AttachNotSupportedException | IOException | RuntimeException e) {
            err.println("smtp-trace: cannot attach to JVM " + pid + " (" + reason(e) + "); 'java -jar"
                    + " smtp-trace-agent.jar attach' lists the JVMs it can attach to");
            return 2;
        }
        try {
            String active = vm.getAgentProperties().getProperty(ACTIVE_PROPERTY);
            if (active != null) {
                String settings = AgentConfig.keysOf(args.length > 2 ? args[2] : null);
                err.println("smtp-trace: already active in JVM " + pid + " (" + active + "); nothing loaded"
                        + (settings.isEmpty() ? "" : ", settings (" + settings + ") not applied"));
                return 1;
            }
            vm.loadAgent(jar, args.length > 2 ? args[2] : null);
        } catch (AgentLoadException | IOException | RuntimeException | com.sun.tools.attach.AgentInitializationException e) {
            err.println("smtp-trace: could not load the agent into JVM " + pid + " (" + reason(e) + ")");
            return 2;
        } finally {
            try {
                vm.detach();
            } catch (IOException ignored) {
                // the JVM may have exited meanwhile
            }
        }
        String version = AttachMain.class.getPackage().getImplementationVersion();
        out.println("smtp-trace agent " + (version == null ? "dev" : version) + " loaded into JVM " + pid
                + " (its stderr says where traces go)");
        return 0;
    }

    private static int list(PrintStream out, PrintStream err) {
        String self = Long.toString(ProcessHandle.current().pid());
        List<VirtualMachineDescriptor> vms = VirtualMachine.list();
        int n = 0;
        for (VirtualMachineDescriptor d : vms) {
            if (!d.id().equals(self)) {
                out.println(d.id() + " " + (d.displayName().isEmpty() ? "<no main class>" : d.displayName()));
                n++;
            }
        }
        if (n == 0) {
            err.println("smtp-trace: no JVM of this user to attach to (a JVM started with"
                    + " -XX:+DisableAttachMechanism, or by another user, is not listed)");
        }
        return 0;
    }

    private static String reason(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m.lines().findFirst().orElse(""));
    }
}
