package dev.dialtone.reference.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The options of one subcommand, parsed by hand: {@code --name value}, {@code --name=value}, flags without a value,
 * and {@code -h} for {@code --help}. No positional arguments.
 */
public final class CommandLine {

    private final String command;
    private final Map<String, List<String>> values;

    private CommandLine(String command, Map<String, List<String>> values) {
        this.command = command;
        this.values = values;
    }

    /**
     * Parses {@code args}.
     *
     * @param command the subcommand, for messages
     * @param valued options that take a value (names with their {@code --})
     * @param repeatable the valued options that may be given more than once
     * @param flags options without a value ({@code --help} is always one)
     * @throws UsageException on an unknown option, a missing value, a repeated option or a positional argument
     */
    public static CommandLine parse(String command, List<String> args, Set<String> valued, Set<String> repeatable,
            Set<String> flags) throws UsageException {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("-h")) {
                arg = "--help";
            }
            if (!arg.startsWith("--") || arg.equals("--")) {
                throw new UsageException("unexpected argument '" + arg + "' for '" + command + "'");
            }
            String name = arg;
            String value = null;
            int equals = arg.indexOf('=');
            if (equals > 0) {
                name = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            }
            if (name.equals("--help") || flags.contains(name)) {
                if (value != null) {
                    throw new UsageException(name + " takes no value");
                }
                values.put(name, List.of());
                continue;
            }
            if (!valued.contains(name)) {
                throw new UsageException("unknown option '" + name + "' for '" + command + "'");
            }
            if (value == null) {
                if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                    throw new UsageException(name + " needs a value");
                }
                value = args.get(++i);
            }
            List<String> list = values.computeIfAbsent(name, key -> new ArrayList<>());
            if (!list.isEmpty() && !repeatable.contains(name)) {
                throw new UsageException(name + " is given twice");
            }
            list.add(value);
        }
        return new CommandLine(command, values);
    }

    /** Whether the option was given. */
    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** The option's value, or null if it was not given. */
    public String value(String name) {
        List<String> list = values.get(name);
        return list == null || list.isEmpty() ? null : list.get(0);
    }

    /** Every value of a repeatable option, in order; empty if it was not given. */
    public List<String> all(String name) {
        return List.copyOf(values.getOrDefault(name, List.of()));
    }

    /** The subcommand. */
    public String command() {
        return command;
    }

    /**
     * The option's value, else the environment variable's (unset or empty: null).
     *
     * @param env the environment
     */
    public String valueOrEnv(String name, Map<String, String> env, String variable) {
        String flag = value(name);
        if (flag != null) {
            return flag;
        }
        String fromEnv = env.get(variable);
        return fromEnv == null || fromEnv.isEmpty() ? null : fromEnv;
    }
}
