package io.jsst.bench;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * Which UDP path a jsst host uses, chosen with the system property {@code jsst.io} that the engine
 * reads when a host binds: {@code nio} (the pure-Java {@code DatagramChannel} path) or {@code
 * native} (batched system calls through the native shim). The benchmark sets the property before it
 * creates the hosts of a jsst column.
 *
 * <p>Whether the native path can run is asked of the engine's {@code io.jsst.engine.io.NativeDatagramIo}
 * by reflection (its static {@code isAvailable()} or {@code available()}, if it has one), so that
 * this benchmark builds against engines with and without it.
 */
enum JsstIoPath {
    NIO("nio", "jsst (pure Java)"),
    NATIVE("native", "jsst (native)");

    static final String PROPERTY = "jsst.io";
    private static final String NATIVE_IO_CLASS = "io.jsst.engine.io.NativeDatagramIo";

    final String propertyValue;
    final String columnName;

    JsstIoPath(String propertyValue, String columnName) {
        this.propertyValue = propertyValue;
        this.columnName = columnName;
    }

    /** Sets {@code jsst.io} for the hosts bound from now on. */
    void select() {
        System.setProperty(PROPERTY, propertyValue);
    }

    /** Null if this path can run here, else why not. */
    String unavailableReason() {
        if (this == NIO) {
            return null;
        }
        Class<?> nativeIo;
        try {
            nativeIo = Class.forName(NATIVE_IO_CLASS);
        } catch (ClassNotFoundException | LinkageError e) {
            return "this engine has no native path (" + NATIVE_IO_CLASS + ")";
        }
        for (String name : new String[] {"isAvailable", "available"}) {
            try {
                Method m = nativeIo.getMethod(name);
                if (Modifier.isStatic(m.getModifiers()) && (m.getReturnType() == boolean.class)) {
                    return (Boolean) m.invoke(null) ? null : "the native path's capability probe said no";
                }
            } catch (NoSuchMethodException e) {
                // try the next name
            } catch (ReflectiveOperationException | LinkageError e) {
                return "the native path's capability probe failed: " + e;
            }
        }
        return null;
    }
}
