package io.smtptrace.prometheusit;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

import io.smtptrace.testsupport.MailClientApp;

/**
 * The application of the Prometheus suite, run in a forked JVM under the agent: every line "go" on stdin runs each
 * MailClientApp scenario named on the command line once, in order, then prints {@code RESULT round <n> done}; it keeps
 * running (so that Prometheus can scrape the agent's endpoint) until stdin closes.
 */
public final class MetricsWorkloadApp {
    private MetricsWorkloadApp() {
    }

    public static void main(String[] scenarios) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.println("RESULT ready");
        System.out.flush();
        int round = 0;
        String line;
        while ((line = in.readLine()) != null) {
            if (!line.trim().equals("go")) continue;
            round++;
            for (String scenario : scenarios) {
                MailClientApp.main(new String[] {scenario});
            }
            System.out.println("RESULT round " + round + " done");
            System.out.flush();
        }
    }
}
