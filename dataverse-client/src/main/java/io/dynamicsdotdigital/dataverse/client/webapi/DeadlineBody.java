package io.dynamicsdotdigital.dataverse.client.webapi;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body read as a stream that must be complete within a time limit counted from the response headers.
 * {@code HttpRequest.timeout} only covers the wait for the headers; a body that stalls half way would otherwise
 * block its reader for ever (and keep the request slot it holds). When the limit passes, the next read throws and
 * the rest of the body is cancelled.
 */
final class DeadlineBody extends InputStream implements HttpResponse.BodySubscriber<InputStream> {
    private static final List<ByteBuffer> END = List.of();

    private final BlockingQueue<Object> chunks = new LinkedBlockingQueue<>();
    private final long deadlineNanos;
    private final Duration limit;
    private volatile Flow.Subscription subscription;
    private List<ByteBuffer> current = List.of();
    private int index;
    private boolean ended;
    private boolean closed;

    private DeadlineBody(Duration limit) {
        this.limit = limit;
        this.deadlineNanos = System.nanoTime() + limit.toNanos();
    }

    /** A body handler whose bodies must be read to the end within {@code limit} of the headers. */
    static HttpResponse.BodyHandler<InputStream> handler(Duration limit) {
        return info -> new DeadlineBody(limit);
    }

    /** The stream is the body, available at once: reading it waits for the bytes. */
    @Override
    public CompletionStage<InputStream> getBody() {
        return CompletableFuture.completedStage(this);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        chunks.add(item);
    }

    @Override
    public void onError(Throwable throwable) {
        chunks.add(throwable);
    }

    @Override
    public void onComplete() {
        chunks.add(END);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        ByteBuffer buffer = nextBuffer();
        if (buffer == null) {
            return -1;
        }
        int n = Math.min(len, buffer.remaining());
        buffer.get(b, off, n);
        return n;
    }

    /** The next buffer with bytes left, waiting at most until the deadline; null at the end of the body. */
    private ByteBuffer nextBuffer() throws IOException {
        while (true) {
            if (closed) {
                throw new IOException("the response body was closed");
            }
            while (index < current.size()) {
                ByteBuffer b = current.get(index);
                if (b.hasRemaining()) {
                    return b;
                }
                index++;
            }
            if (ended) {
                return null;
            }
            Object next = take();
            if (next instanceof Throwable t) {
                ended = true;
                throw t instanceof IOException io ? io : new IOException(t);
            }
            @SuppressWarnings("unchecked")
            List<ByteBuffer> list = (List<ByteBuffer>) next;
            if (list == END) {
                ended = true;
                return null;
            }
            current = list;
            index = 0;
            subscription.request(1);
        }
    }

    private Object take() throws IOException {
        long left = deadlineNanos - System.nanoTime();
        Object next = null;
        try {
            next = left <= 0 ? chunks.poll() : chunks.poll(left, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel();
            throw new IOException("interrupted while reading the response body", e);
        }
        if (next == null) {
            cancel();
            throw new IOException("the response body was not complete within " + limit.toSeconds() + " s of its"
                    + " headers (http.request.timeout.ms)");
        }
        return next;
    }

    private void cancel() {
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (!ended) {
                cancel();
            }
        }
    }
}
