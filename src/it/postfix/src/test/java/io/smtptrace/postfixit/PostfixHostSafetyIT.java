package io.smtptrace.postfixit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The suite's Postfix is its own instance and leaves the system's default one alone: setup.sh runs host-safety.sh
 * around everything it does; this proves that check can fail (host-safety-test.sh) and that the listeners live in the
 * instance's master.cf, not in the default one.
 */
class PostfixHostSafetyIT {

    private static final Path SCRIPTS = Postfix.ENV.toAbsolutePath().getParent();

    @BeforeAll
    static void postfixIsRunning() throws Exception {
        Postfix.requireRunning();
        // postconf -c on a non-default directory is refused to non-root users; CI runs as root
        assumeTrue("0".equals(run("id", "-u").output.trim()) || "true".equalsIgnoreCase(System.getenv("CI")),
                "the host-safety checks need root");
    }

    @Test
    void hostSafetyCheckFailsOnEveryChangeButTheRegistration() throws Exception {
        Result r = run("bash", SCRIPTS.resolve("host-safety-test.sh").toString());
        assertThat(r.output).contains("host-safety-test: all cases behaved");
        assertThat(r.exit).as(r.output).isZero();
    }

    @Test
    void listenersBelongToTheSuitesOwnInstance() throws Exception {
        String own = Postfix.CONFIG_DIR;
        assertThat(own).isNotEqualTo("/etc/postfix");
        Result ownServices = run("postconf", "-c", own, "-M");
        Result defaultServices = run("postconf", "-c", "/etc/postfix", "-M");
        for (int port : List.of(Postfix.SUBMISSION, Postfix.AUTH_REQUIRED, Postfix.OPEN_RELAY_CHECK, Postfix.SMTPS)) {
            assertThat(ownServices.output).contains("127.0.0.1:" + port + " ");
            assertThat(defaultServices.output).doesNotContain(":" + port + " ");
        }
        assertThat(run("postconf", "-c", "/etc/postfix", "-h", "alternate_config_directories").output).contains(own);
        assertThat(run("postfix", "-c", own, "status").exit).isZero();
    }

    private record Result(int exit, String output) {
    }

    private static Result run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finished", List.of(command)).isTrue();
        return new Result(p.exitValue(), out);
    }
}
