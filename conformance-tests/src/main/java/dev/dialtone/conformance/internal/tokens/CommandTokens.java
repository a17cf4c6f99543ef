package dev.dialtone.conformance.internal.tokens;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** {@code --token-command 'CMD {user}'}: runs the command with {@code sh -c} and reads the token it prints. */
public final class CommandTokens implements Function<String, String> {

    private final String template;

    /** For a template with a {@code {user}} placeholder. */
    public CommandTokens(String template) {
        this.template = template;
    }

    @Override
    public String apply(String userId) {
        String command = template.replace("{user}", shellQuote(userId));
        Process process;
        try {
            process = new ProcessBuilder(List.of("sh", "-c", command)).redirectErrorStream(false).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run the token command: " + e.getMessage());
        }
        try (InputStream out = process.getInputStream(); InputStream err = process.getErrorStream()) {
            process.getOutputStream().close();
            byte[] output = out.readAllBytes();
            byte[] errors = err.readAllBytes();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("the token command did not finish within 30 s: " + command);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("the token command failed with exit status " + process.exitValue()
                        + ": " + command + firstLine(new String(errors, StandardCharsets.UTF_8), " -- "));
            }
            for (String line : new String(output, StandardCharsets.UTF_8).split("\\R")) {
                if (!line.isBlank()) {
                    return line.trim();
                }
            }
            throw new IllegalStateException("the token command printed nothing: " + command);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the token command's output: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while running the token command");
        }
    }

    private static String firstLine(String text, String prefix) {
        for (String line : text.split("\\R")) {
            if (!line.isBlank()) {
                return prefix + line.trim();
            }
        }
        return "";
    }

    /** The text as one single-quoted shell word. */
    static String shellQuote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
