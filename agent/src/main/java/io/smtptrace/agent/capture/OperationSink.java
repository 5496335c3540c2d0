package io.smtptrace.agent.capture;

/** Receives each operation once it is finished and will not change again. Called on the application's thread. */
public interface OperationSink {
    void accept(Operation operation);
}
