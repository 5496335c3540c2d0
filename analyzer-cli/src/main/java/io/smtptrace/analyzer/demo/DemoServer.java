package io.smtptrace.analyzer.demo;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.auth.EasyAuthenticationHandlerFactory;
import org.subethamail.smtp.auth.LoginFailedException;
import org.subethamail.smtp.server.SMTPServer;

/** An embedded SubEthaSMTP server that requires AUTH and limits message size, as a typical submission server does. */
public final class DemoServer implements AutoCloseable {
    public static final String USER = "demo";
    public static final String PASSWORD = "demo-password";

    private final SMTPServer server;
    private final int maxBytes;
    private final AtomicInteger accepted = new AtomicInteger();

    public DemoServer(int maxBytes) {
        this.maxBytes = maxBytes;
        server = SMTPServer.port(0).hostName("smtp.demo.local").softwareName("smtp-trace demo")
                .connectionTimeout(30, TimeUnit.SECONDS).maxMessageSize(maxBytes)
                .requireAuth().authenticationHandlerFactory(new EasyAuthenticationHandlerFactory(DemoServer::login))
                .messageHandlerFactory((MessageContext ctx) -> new Handler()).build();
        server.start();
    }

    public int port() {
        return server.getPortAllocated();
    }

    public int accepted() {
        return accepted.get();
    }

    private static void login(String user, String pass, MessageContext ctx) throws LoginFailedException {
        if (!USER.equals(user) || !PASSWORD.equals(pass)) throw new LoginFailedException("5.7.8 Authentication credentials invalid");
    }

    @Override
    public void close() {
        server.stop();
    }

    private final class Handler implements MessageHandler {
        @Override public void from(String from) {}

        @Override public void recipient(String recipient) {}

        @Override
        public String data(InputStream data) throws RejectException, IOException {
            long n = 0;
            byte[] buf = new byte[8192];
            int r;
            while ((r = data.read(buf)) > 0) n += r; // read everything, like a real server, then decide
            if (n > maxBytes) throw new RejectException(552, "5.3.4 Message size exceeds fixed maximum message size");
            accepted.incrementAndGet();
            return null;
        }

        @Override public void done() {}
    }
}
