package io.jsst.compat.sctp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * io.jsst.sctp has exactly the public and protected API of the JDK's com.sun.nio.sctp (module jdk.sctp),
 * but for the package name: the same types, members, modifiers, generic signatures, exception lists,
 * constants, enum constants and serialVersionUIDs. Both sides are read by reflection from what is on this
 * machine: the JDK's package from the jrt file system, jsst's from the classes of module api.
 */
class SignatureCompatibilityTest {
    private static final String JDK_PACKAGE = "com.sun.nio.sctp";
    private static final String JSST_PACKAGE = "io.jsst.sctp";

    @Test
    void ioJsstSctpHasExactlyThePublicAndProtectedApiOfComSunNioSctp() throws Exception {
        List<Class<?>> jdkTypes = jdkTypes();
        List<Class<?>> jsstTypes = jsstTypes();
        assertThat(jdkTypes).as("types found in the JDK's %s", JDK_PACKAGE)
                .extracting(Class::getSimpleName).contains("SctpChannel", "MessageInfo", "InitMaxStreams");

        UnaryOperator<String> normaliser = ApiDescription.renamingPackage(JDK_PACKAGE, JSST_PACKAGE);
        SortedSet<String> expected = ApiDescription.describe(jdkTypes, normaliser);
        SortedSet<String> actual = ApiDescription.describe(jsstTypes, normaliser);

        List<String> differences = differences(expected, actual);
        assertThat(differences)
                .withFailMessage("%s differs from the JDK's %s in %d lines:%n%s", JSST_PACKAGE, JDK_PACKAGE,
                        differences.size(), String.join(System.lineSeparator(), differences))
                .isEmpty();
        assertThat(actual).as("the compared description").hasSizeGreaterThan(100);
    }

    /** One line per difference: "missing" is in the JDK's API only, "extra" in jsst's only. */
    static List<String> differences(SortedSet<String> expected, SortedSet<String> actual) {
        List<String> differences = new ArrayList<>();
        SortedSet<String> missing = new TreeSet<>(expected);
        missing.removeAll(actual);
        SortedSet<String> extra = new TreeSet<>(actual);
        extra.removeAll(expected);
        missing.forEach(line -> differences.add("missing: " + line));
        extra.forEach(line -> differences.add("extra:   " + line));
        return differences;
    }

    private static List<Class<?>> jdkTypes() throws IOException {
        Module module = ModuleLayer.boot().findModule("jdk.sctp")
                .orElseThrow(() -> new AssertionError("module jdk.sctp is not in the boot layer"));
        FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
        Path packageDirectory = jrt.getPath("/modules", module.getName(), JDK_PACKAGE.replace('.', '/'));
        List<Class<?>> types = new ArrayList<>();
        for (String name : classNames(packageDirectory)) {
            Class<?> type = Class.forName(module, JDK_PACKAGE + "." + name);
            assertThat(type).as("class %s of module %s", name, module.getName()).isNotNull();
            types.add(type);
        }
        return types;
    }

    private static List<Class<?>> jsstTypes() throws IOException, URISyntaxException, ClassNotFoundException {
        Class<?> anchor = io.jsst.sctp.SctpChannel.class;
        Path location = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> names;
        if (Files.isDirectory(location)) {
            names = classNames(location.resolve(JSST_PACKAGE.replace('.', '/')));
        } else {
            try (FileSystem jar = FileSystems.newFileSystem(location)) {
                names = classNames(jar.getPath(JSST_PACKAGE.replace('.', '/')));
            }
        }
        List<Class<?>> types = new ArrayList<>();
        for (String name : names) {
            types.add(Class.forName(JSST_PACKAGE + "." + name, false, anchor.getClassLoader()));
        }
        return types;
    }

    /** The binary names, less the package, of the classes directly in a package directory. */
    private static List<String> classNames(Path packageDirectory) throws IOException {
        try (Stream<Path> files = Files.list(packageDirectory)) {
            return files.map(file -> file.getFileName().toString())
                    .filter(file -> file.endsWith(".class"))
                    .map(file -> file.substring(0, file.length() - ".class".length()))
                    .filter(name -> !name.equals("package-info") && !name.equals("module-info"))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }
}
