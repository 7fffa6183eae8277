package io.dynamicsdotdigital.dataverse.client.webapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * A loopback port whose accept queue is full, so that connection attempts time out (the kernel drops their
 * SYNs), until {@link #open()} empties the queue and relays every later connection to the target port.
 */
final class GatedPort implements AutoCloseable {
    private final ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    private final List<Socket> queued = new ArrayList<>();
    private final int target;

    GatedPort(int target) throws IOException {
        this.target = target;
        while (true) {
            Socket filler = new Socket();
            try {
                filler.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()),
                        200);
            } catch (SocketTimeoutException full) {
                filler.close();
                break;
            }
            queued.add(filler);
            if (queued.size() > 64) {
                throw new IllegalStateException("the accept queue of a backlog-1 socket does not fill");
            }
        }
    }

    int port() {
        return server.getLocalPort();
    }

    /** Empties the accept queue now (so the next connection is taken at once), then relays in the background. */
    void open() {
        try {
            for (Socket filler : queued) {
                filler.close();
                server.accept().close();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket in = server.accept();
                    Socket out = new Socket(InetAddress.getLoopbackAddress(), target);
                    pipe(in.getInputStream(), out.getOutputStream(), out);
                    pipe(out.getInputStream(), in.getOutputStream(), in);
                } catch (IOException closed) {
                    return;
                }
            }
        }, "gated-port-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private static void pipe(InputStream from, OutputStream to, Socket closeAfter) {
        Thread t = new Thread(() -> {
            try (closeAfter) {
                from.transferTo(to);
            } catch (IOException ignored) {
                // The other side closed.
            }
        }, "gated-port-relay");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket filler : queued) {
            filler.close();
        }
    }
}
