package dev.dialtone.reference;

import dev.dialtone.reference.internal.DemoCommand;
import dev.dialtone.reference.internal.LogSetup;
import dev.dialtone.reference.internal.ServeCommand;
import dev.dialtone.reference.internal.TokenCommand;
import dev.dialtone.reference.internal.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The command line behind the {@code ./dialtone} launcher: {@code serve} runs a server, {@code token} mints a token,
 * {@code demo} plays calls between two clients through a server of its own and checks every step. Exit status 0 on
 * success, 1 when the server cannot run or the demo fails, 2 for a command line it cannot understand.
 */
public final class Main {

    private static final String LOGGER = "dev.dialtone.reference";

    static final String USAGE = """
            Usage: dialtone <command> [options]

            Commands:
              serve    run a Dialtone signaling server (WebSocket /ws/call/, page /)
              token    print an HS256 token for a user, for a server with the same secret
              demo     play audio, video, rejected and missed calls between two clients through a
                       server of its own, print the timeline and check every step

            Run 'dialtone <command> --help' for a command's options.
            """;

    private Main() {
    }

    /** Runs a command; {@code serve} returns only once the server has been stopped (Ctrl-C, SIGTERM). */
    public static void main(String[] args) {
        int status = run(List.of(args), System.out, System.err, System.getenv());
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Runs a command with the given streams and environment; returns the exit status. */
    static int run(List<String> args, PrintStream out, PrintStream err, Map<String, String> env) {
        if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("-h")
                || args.get(0).equals("help")) {
            out.print(USAGE);
            return 0;
        }
        String command = args.get(0);
        List<String> rest = args.subList(1, args.size());
        try {
            switch (command) {
                case "serve":
                    return serveUntilStopped(rest, out, err, env);
                case "demo":
                    return demo(rest, out, err);
                case "token":
                    String token = TokenCommand.run(rest, env);
                    out.print(token == null ? TokenCommand.USAGE : token + System.lineSeparator());
                    return 0;
                default:
                    err.println("dialtone: unknown command '" + command + "'");
                    err.print(USAGE);
                    return 2;
            }
        } catch (UsageException e) {
            err.println("dialtone " + command + ": " + e.getMessage());
            err.println("Run 'dialtone " + command + " --help' for the options.");
            return 2;
        } catch (IOException e) {
            err.println("dialtone " + command + ": " + e.getMessage());
            return 1;
        }
    }

    private static int serveUntilStopped(List<String> args, PrintStream out, PrintStream err,
            Map<String, String> env) throws UsageException, IOException {
        ServeCommand.Options options = ServeCommand.parse(args, env);
        if (options.help()) {
            out.print(ServeCommand.USAGE);
            return 0;
        }
        LogSetup.configure(options.verbose(), err);
        DialtoneServer server = ServeCommand.start(options, out);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // java.util.logging shuts down in a hook of its own: these lines go straight to the stream.
            LogSetup.info(err, LOGGER, "stopping: live calls end with server_shutdown, connections close with 1001");
            server.close();
            LogSetup.info(err, LOGGER, "stopped");
            stopped.countDown();
        }, "dialtone-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.close();
        }
        return 0;
    }

    private static int demo(List<String> args, PrintStream out, PrintStream err) throws UsageException {
        DemoCommand.Options options = DemoCommand.parse(args);
        if (options.help()) {
            out.print(DemoCommand.USAGE);
            return 0;
        }
        LogSetup.configureQuiet(options.verbose(), err);
        return DemoCommand.run(options, out);
    }

    /**
     * Starts a server as {@code dialtone serve} does and returns it running, for tests and embedding in-process: no
     * logging setup, no shutdown hook, no waiting. The caller closes it.
     *
     * @throws UsageException if an option is unknown or a value malformed (also for {@code --help})
     * @throws IOException if the address cannot be bound
     */
    static DialtoneServer serve(List<String> args, PrintStream out, Map<String, String> env)
            throws UsageException, IOException {
        ServeCommand.Options options = ServeCommand.parse(args, env);
        if (options.help()) {
            throw new UsageException("--help starts no server");
        }
        return ServeCommand.start(options, out);
    }
}
