package dev.dialtone.bench.load;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A small WebSocket client (RFC 6455, text frames only) on one NIO selector thread, so that the load tool can hold
 * thousands of connections and push hundreds of thousands of frames per second while taking as little CPU from the
 * server under test as it can. Frames from every connection are handed to their {@link Listener} on the selector
 * thread, in order; {@link Conn#send} may be called from any thread.
 *
 * <p>A load-test tool, not a general client: no extensions, no TLS, the handshake answer is checked for status 101
 * only.
 */
final class WsClient implements Closeable {

    /** What happens on a connection; called on the selector thread. */
    interface Listener {
        default void onOpen(Conn conn) {
        }

        void onText(Conn conn, String text);

        default void onClose(Conn conn) {
        }
    }

    private final Selector selector;
    private final Thread loop;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private volatile boolean running = true;

    WsClient(String name) throws IOException {
        selector = Selector.open();
        loop = new Thread(this::run, name);
        loop.setDaemon(true);
        loop.start();
    }

    /** Starts connecting; the listener's {@code onOpen} tells when the handshake is done. */
    Conn connect(InetSocketAddress address, String pathAndQuery, Listener listener) throws IOException {
        SocketChannel channel = SocketChannel.open();
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        Conn conn = new Conn(this, channel, listener, address, pathAndQuery);
        channel.connect(address);
        tasks.add(() -> {
            try {
                conn.key = channel.register(selector, SelectionKey.OP_CONNECT, conn);
            } catch (IOException e) {
                conn.fail();
            }
        });
        selector.wakeup();
        return conn;
    }

    private void run() {
        while (running) {
            try {
                selector.select();
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    task.run();
                }
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    Conn conn = (Conn) key.attachment();
                    try {
                        if (!key.isValid()) {
                            continue;
                        }
                        if (key.isConnectable()) {
                            conn.finishConnect();
                        }
                        if (key.isValid() && key.isWritable()) {
                            conn.flush();
                        }
                        if (key.isValid() && key.isReadable()) {
                            conn.read();
                        }
                    } catch (IOException | RuntimeException e) {
                        conn.fail();
                    }
                }
            } catch (IOException e) {
                if (running) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            loop.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (SelectionKey key : selector.keys()) {
            try {
                key.channel().close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /** One WebSocket connection. */
    static final class Conn {
        private static final byte[] END_OF_HEADERS = {'\r', '\n', '\r', '\n'};

        private final WsClient client;
        private final SocketChannel channel;
        private final Listener listener;
        private final InetSocketAddress address;
        private final String pathAndQuery;
        private final byte[] mask = new byte[4];
        private final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
        private ByteBuffer in = ByteBuffer.allocate(8192);
        private java.io.ByteArrayOutputStream fragments;
        private SelectionKey key;
        private boolean upgraded;
        private volatile boolean closed;
        /** Free for the user of the connection. */
        Object attachment;

        private Conn(WsClient client, SocketChannel channel, Listener listener, InetSocketAddress address,
                String pathAndQuery) {
            this.client = client;
            this.channel = channel;
            this.listener = listener;
            this.address = address;
            this.pathAndQuery = pathAndQuery;
            ThreadLocalRandom.current().nextBytes(mask);
        }

        boolean isOpen() {
            return upgraded && !closed;
        }

        private void finishConnect() throws IOException {
            channel.finishConnect();
            byte[] nonce = new byte[16];
            ThreadLocalRandom.current().nextBytes(nonce);
            String request = "GET " + pathAndQuery + " HTTP/1.1\r\n"
                    + "Host: " + address.getHostString() + ":" + address.getPort() + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n";
            key.interestOps(SelectionKey.OP_READ);
            write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
        }

        /** Sends one text frame (masked, as a client must). Thread-safe; frames leave in the order of the calls. */
        void send(String text) {
            byte[] payload = text.getBytes(StandardCharsets.UTF_8);
            int length = payload.length;
            int header = length < 126 ? 2 : length < 65536 ? 4 : 10;
            byte[] frame = new byte[header + 4 + length];
            frame[0] = (byte) 0x81;
            if (length < 126) {
                frame[1] = (byte) (0x80 | length);
            } else if (length < 65536) {
                frame[1] = (byte) (0x80 | 126);
                frame[2] = (byte) (length >>> 8);
                frame[3] = (byte) length;
            } else {
                frame[1] = (byte) (0x80 | 127);
                for (int i = 0; i < 8; i++) {
                    frame[2 + i] = (byte) ((long) length >>> (56 - 8 * i));
                }
            }
            System.arraycopy(mask, 0, frame, header, 4);
            int at = header + 4;
            for (int i = 0; i < length; i++) {
                frame[at + i] = (byte) (payload[i] ^ mask[i & 3]);
            }
            write(ByteBuffer.wrap(frame));
        }

        private void sendControl(int opcode, byte[] payload) {
            byte[] frame = new byte[6 + payload.length];
            frame[0] = (byte) (0x80 | opcode);
            frame[1] = (byte) (0x80 | payload.length);
            System.arraycopy(mask, 0, frame, 2, 4);
            for (int i = 0; i < payload.length; i++) {
                frame[6 + i] = (byte) (payload[i] ^ mask[i & 3]);
            }
            write(ByteBuffer.wrap(frame));
        }

        private void write(ByteBuffer buffer) {
            synchronized (this) {
                if (closed) {
                    return;
                }
                try {
                    if (out.isEmpty()) {
                        channel.write(buffer);
                        if (!buffer.hasRemaining()) {
                            return;
                        }
                    }
                    out.addLast(buffer);
                    key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                } catch (IOException | RuntimeException e) {
                    closeQuietly();
                    return;
                }
            }
            client.selector.wakeup();
        }

        private synchronized void flush() throws IOException {
            while (!out.isEmpty()) {
                ByteBuffer head = out.peekFirst();
                channel.write(head);
                if (head.hasRemaining()) {
                    return;
                }
                out.pollFirst();
            }
            key.interestOps(SelectionKey.OP_READ);
        }

        private void read() throws IOException {
            if (!in.hasRemaining()) {
                ByteBuffer bigger = ByteBuffer.allocate(in.capacity() * 2);
                in.flip();
                bigger.put(in);
                in = bigger;
            }
            int n = channel.read(in);
            if (n < 0) {
                fail();
                return;
            }
            in.flip();
            if (!upgraded && !readUpgrade()) {
                in.compact();
                return;
            }
            readFrames();
            in.compact();
        }

        private boolean readUpgrade() throws IOException {
            byte[] bytes = in.array();
            int limit = in.limit();
            for (int i = in.position(); i + 3 < limit; i++) {
                if (bytes[i] == END_OF_HEADERS[0] && bytes[i + 1] == END_OF_HEADERS[1] && bytes[i + 2] == '\r'
                        && bytes[i + 3] == '\n') {
                    String head = new String(bytes, in.position(), i - in.position(), StandardCharsets.US_ASCII);
                    if (!head.startsWith("HTTP/1.1 101")) {
                        throw new IOException("upgrade refused: " + head.lines().findFirst().orElse(head));
                    }
                    in.position(i + 4);
                    upgraded = true;
                    listener.onOpen(this);
                    return true;
                }
            }
            return false;
        }

        private void readFrames() {
            byte[] bytes = in.array();
            while (in.remaining() >= 2) {
                int p = in.position();
                int b0 = bytes[p] & 0xFF;
                int b1 = bytes[p + 1] & 0xFF;
                boolean fin = (b0 & 0x80) != 0;
                int opcode = b0 & 0x0F;
                long length = b1 & 0x7F;
                int header = 2;
                if (length == 126) {
                    if (in.remaining() < 4) {
                        return;
                    }
                    length = ((bytes[p + 2] & 0xFF) << 8) | (bytes[p + 3] & 0xFF);
                    header = 4;
                } else if (length == 127) {
                    if (in.remaining() < 10) {
                        return;
                    }
                    length = 0;
                    for (int i = 0; i < 8; i++) {
                        length = (length << 8) | (bytes[p + 2 + i] & 0xFF);
                    }
                    header = 10;
                }
                boolean masked = (b1 & 0x80) != 0;
                if (masked) {
                    header += 4;
                }
                long total = header + length;
                if (in.remaining() < total) {
                    if (total > in.capacity()) {
                        ByteBuffer bigger = ByteBuffer.allocate((int) Math.max(total + 1024, in.capacity() * 2L));
                        bigger.put(in);
                        bigger.flip();
                        in = bigger;
                    }
                    return;
                }
                int start = p + header;
                int len = (int) length;
                if (masked) {
                    for (int i = 0; i < len; i++) {
                        bytes[start + i] ^= bytes[start - 4 + (i & 3)];
                    }
                }
                in.position((int) (p + total));
                switch (opcode) {
                    case 0x1, 0x0 -> {
                        if (fin && fragments == null) {
                            listener.onText(this, new String(bytes, start, len, StandardCharsets.UTF_8));
                        } else {
                            if (fragments == null) {
                                fragments = new java.io.ByteArrayOutputStream();
                            }
                            fragments.write(bytes, start, len);
                            if (fin) {
                                String text = fragments.toString(StandardCharsets.UTF_8);
                                fragments = null;
                                listener.onText(this, text);
                            }
                        }
                    }
                    case 0x8 -> {
                        sendControl(0x8, java.util.Arrays.copyOfRange(bytes, start, start + Math.min(len, 2)));
                        fail();
                        return;
                    }
                    case 0x9 -> sendControl(0xA, java.util.Arrays.copyOfRange(bytes, start, start + len));
                    default -> {
                        // pong or reserved: nothing to do
                    }
                }
                if (closed) {
                    return;
                }
            }
        }

        /** Closes the socket (no close handshake: the load tool only closes at the end of a phase). */
        void close() {
            closeQuietly();
        }

        private void closeQuietly() {
            boolean wasOpen;
            synchronized (this) {
                wasOpen = !closed;
                closed = true;
            }
            try {
                channel.close();
            } catch (IOException e) {
                // closed anyway
            }
            if (wasOpen) {
                listener.onClose(this);
            }
        }

        private void fail() {
            closeQuietly();
        }
    }
}
