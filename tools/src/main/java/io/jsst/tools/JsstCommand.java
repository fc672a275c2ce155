package io.jsst.tools;

import io.jsst.tools.demo.DemoCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code jsst} command: one executable jar, one subcommand per tool.
 *
 * <pre>
 *   java -jar tools/target/jsst.jar demo         two hosts in one JVM, over real UDP on 127.0.0.1
 *   java -jar tools/target/jsst.jar help demo    the options of a subcommand
 * </pre>
 *
 * <p>To add a tool, write a picocli {@code @Command} class that implements
 * {@code Callable<Integer>} (the exit code), print through {@code spec.commandLine().getOut()},
 * and list the class in {@code subcommands} below.
 */
@Command(
        name = "jsst",
        mixinStandardHelpOptions = true,
        versionProvider = JsstCommand.Version.class,
        description = "Structured Stream Transport (SST) over UDP, for the JVM.",
        subcommands = {
            DemoCommand.class,
            io.jsst.tools.perf.PerfCommand.class,
            CommandLine.HelpCommand.class,
        })
public final class JsstCommand implements Runnable {

    @Spec
    CommandSpec spec;

    /** Without a subcommand: print the usage. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A command line for {@code jsst}, ready to {@link CommandLine#execute execute}. */
    public static CommandLine commandLine() {
        return new CommandLine(new JsstCommand());
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The version from the jar's manifest, or "dev" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = JsstCommand.class.getPackage().getImplementationVersion();
            return new String[] {"jsst " + (v != null ? v : "dev")};
        }
    }
}
