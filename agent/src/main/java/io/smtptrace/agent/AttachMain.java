package io.smtptrace.agent;

import java.io.File;

/**
 * {@code java -jar smtp-trace-agent.jar attach <pid> [key=value,...]}: loads the agent into a running JVM, which then
 * traces every SMTP connection opened from then on (and traffic on ones already open).
 */
public final class AttachMain {

    private AttachMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || !"attach".equals(args[0])) {
            System.err.println("usage: java -jar smtp-trace-agent.jar attach <pid> [file=/path.jsonl,envelope=domain]");
            System.err.println("       or start the JVM with -javaagent:smtp-trace-agent.jar");
            System.exit(2);
            return;
        }
        String jar = new File(AttachMain.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .getAbsolutePath();
        com.sun.tools.attach.VirtualMachine vm = com.sun.tools.attach.VirtualMachine.attach(args[1]);
        try {
            vm.loadAgent(jar, args.length > 2 ? args[2] : null);
        } finally {
            vm.detach();
        }
        System.out.println("smtp-trace agent loaded into JVM " + args[1]);
    }
}
