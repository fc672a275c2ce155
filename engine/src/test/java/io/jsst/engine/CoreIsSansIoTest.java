package io.jsst.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The protocol core has no I/O, no threads and no clock of its own: time comes in as {@code nowNanos},
 * datagrams come in and go out as buffers (STYLE.md, "A layout for the engine module"). This test reads
 * the core's sources and fails, naming file and line, on any use of what would break that.
 *
 * <p>Comments, javadoc, string and character literals are blanked out first (keeping line numbers), so
 * prose may name a forbidden thing; matches are whole words.
 */
class CoreIsSansIoTest {

    /** The packages of the core, under {@code io/jsst/engine}; each scanned recursively. */
    private static final List<String> CORE_PACKAGES = List.of("wire", "crypto", "channel", "stream", "host", "time");

    /** A core this size has far more files; fewer means the scan looked in the wrong place. */
    private static final int MIN_FILES = 30;

    private static final List<Pattern> FORBIDDEN = List.of(
            Pattern.compile("\\bThread\\b"),
            Pattern.compile("\\bExecutor(s|Service)?\\b"),
            Pattern.compile("\\bjava\\s*\\.\\s*nio\\s*\\.\\s*channels\\b"),
            Pattern.compile("\\bDatagramSocket\\b"),
            Pattern.compile("\\bSocket\\b"),
            Pattern.compile("\\bSystem\\s*\\.\\s*nanoTime\\b"),
            Pattern.compile("\\bSystem\\s*\\.\\s*currentTimeMillis\\b"),
            Pattern.compile("\\bInstant\\s*\\.\\s*now\\b"),
            Pattern.compile("\\bClock\\b"),
            Pattern.compile("\\bThread\\s*\\.\\s*sleep\\b"),
            Pattern.compile("\\bsynchronized\\b"),
            Pattern.compile("\\bio\\s*\\.\\s*jsst\\s*\\.\\s*engine\\s*\\.\\s*(loop|io|sim)\\b"));

    /** Maven runs tests in the module directory; an IDE may run them from the repository root. */
    private static Path engineSources() {
        for (String candidate : List.of("src/main/java/io/jsst/engine", "engine/src/main/java/io/jsst/engine")) {
            Path p = Path.of(candidate);
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        throw new AssertionError("engine sources not found from " + Path.of("").toAbsolutePath());
    }

    @Test
    void coreSourcesUseNoThreadsSocketsClocksOrDriverPackages() throws IOException {
        Path root = engineSources();
        List<Path> files = new ArrayList<>();
        for (String pkg : CORE_PACKAGES) {
            Path dir = root.resolve(pkg);
            assertThat(dir).as("core package %s", pkg).isDirectory();
            try (Stream<Path> s = Files.walk(dir)) {
                List<Path> found = s.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList());
                assertThat(found).as("java files in %s", pkg).isNotEmpty();
                files.addAll(found);
            }
        }
        assertThat(files).as("core source files scanned").hasSizeGreaterThanOrEqualTo(MIN_FILES);

        List<String> violations = new ArrayList<>();
        for (Path file : files) {
            String code = blankCommentsAndLiterals(Files.readString(file, StandardCharsets.UTF_8));
            violations.addAll(violations(root.relativize(file).toString(), code));
        }
        assertThat(violations).as("forbidden uses in the sans-I/O core").isEmpty();
    }

    @Test
    void theScannerFlagsForbiddenNamesInCodeButNotInCommentsOrStrings() {
        String source = String.join("\n",
                "package x;",
                "import io.jsst.engine.sim.SimNetwork; // a driver package",
                "/** Thread, Socket and System.nanoTime() in javadoc are fine. */",
                "class A {",
                "  // Thread.sleep(1) in a comment is fine",
                "  String s = \"synchronized Clock Instant.now() \\\" Executor\";",
                "  char c = '\\'';",
                "  long t = System.nanoTime();",
                "  /* Executor */ synchronized void f() { new Thread(() -> {}); }",
                "  InetSocketAddress a; SocketTimeoutException e; ThreadLocalRandom r;",
                "}");
        List<String> found = violations("A.java", blankCommentsAndLiterals(source));
        assertThat(found).containsExactly(
                "A.java:2: io.jsst.engine.sim",
                "A.java:8: System.nanoTime",
                "A.java:9: synchronized",
                "A.java:9: Thread");
    }

    private static List<String> violations(String name, String code) {
        List<String> out = new ArrayList<>();
        String[] lines = code.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            List<int[]> hits = new ArrayList<>();
            for (Pattern p : FORBIDDEN) {
                Matcher m = p.matcher(lines[i]);
                while (m.find()) {
                    hits.add(new int[] {m.start(), m.end()});
                }
            }
            hits.sort((a, b) -> a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(b[1], a[1]));
            int coveredTo = -1;
            for (int[] h : hits) {
                if (h[0] < coveredTo) {
                    continue; // e.g. "Thread" inside an already reported "Thread.sleep"
                }
                out.add(name + ":" + (i + 1) + ": " + lines[i].substring(h[0], h[1]).replaceAll("\\s+", ""));
                coveredTo = h[1];
            }
        }
        return out;
    }

    /**
     * Replaces every character of comments, string literals (text blocks included) and character
     * literals with a space, keeping newlines, so line numbers and columns stay where they were.
     */
    static String blankCommentsAndLiterals(String src) {
        StringBuilder out = new StringBuilder(src.length());
        int n = src.length();
        int i = 0;
        while (i < n) {
            char c = src.charAt(i);
            char next = i + 1 < n ? src.charAt(i + 1) : '\0';
            if (c == '/' && next == '/') {
                while (i < n && src.charAt(i) != '\n') {
                    out.append(' ');
                    i++;
                }
            } else if (c == '/' && next == '*') {
                out.append("  ");
                i += 2;
                while (i < n && !(src.charAt(i) == '*' && i + 1 < n && src.charAt(i + 1) == '/')) {
                    out.append(src.charAt(i) == '\n' ? '\n' : ' ');
                    i++;
                }
                if (i < n) {
                    out.append("  ");
                    i += 2;
                }
            } else if (src.startsWith("\"\"\"", i)) {
                out.append("   ");
                i += 3;
                while (i < n && !src.startsWith("\"\"\"", i)) {
                    if (src.charAt(i) == '\\' && i + 1 < n) {
                        out.append(src.charAt(i + 1) == '\n' ? " \n" : "  ");
                        i += 2;
                        continue;
                    }
                    out.append(src.charAt(i) == '\n' ? '\n' : ' ');
                    i++;
                }
                if (i < n) {
                    out.append("   ");
                    i += 3;
                }
            } else if (c == '"' || c == '\'') {
                char quote = c;
                out.append(' ');
                i++;
                while (i < n && src.charAt(i) != quote && src.charAt(i) != '\n') {
                    if (src.charAt(i) == '\\' && i + 1 < n) {
                        out.append("  ");
                        i += 2;
                        continue;
                    }
                    out.append(' ');
                    i++;
                }
                if (i < n && src.charAt(i) == quote) {
                    out.append(' ');
                    i++;
                }
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
