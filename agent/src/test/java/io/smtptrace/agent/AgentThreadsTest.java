package io.smtptrace.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class AgentThreadsTest {

    private static final InheritableThreadLocal<Object> APP_VALUE = new InheritableThreadLocal<>();

    @Test
    void agentThreadsInheritNothingFromTheApplicationThreadThatStartsThem() throws Exception {
        ClassLoader webapp = new URLClassLoader("webapp", new URL[0], null);
        AtomicReference<Thread> made = new AtomicReference<>();
        AtomicReference<Object> seenValue = new AtomicReference<>("unset");
        AtomicReference<ClassLoader> seenLoader = new AtomicReference<>(webapp);
        Thread app = new Thread(() -> {
            Thread.currentThread().setContextClassLoader(webapp);
            APP_VALUE.set(webapp);
            made.set(AgentThreads.newThread("export", () -> {
                seenValue.set(APP_VALUE.get());
                seenLoader.set(Thread.currentThread().getContextClassLoader());
            }));
        });
        app.start();
        app.join();
        Thread t = made.get();
        assertThat(t.getName()).isEqualTo("smtp-trace-export");
        assertThat(t.isDaemon()).isTrue();
        assertThat(t.getContextClassLoader()).isNull();
        t.start();
        t.join();
        assertThat(seenValue.get()).isNull();
        assertThat(seenLoader.get()).isNull();
    }
}
