package io.smtptrace.agent.export;

/** Test access to ExportLosses' package-private counting, for tests in other packages. */
public final class ExportLossesAccess {

    private ExportLossesAccess() {
    }

    public static void dropQueueFull(ExportLosses losses, int n) {
        for (int i = 0; i < n; i++) {
            losses.droppedQueueFull();
        }
    }
}
