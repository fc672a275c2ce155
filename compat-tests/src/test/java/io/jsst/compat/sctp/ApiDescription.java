package io.jsst.compat.sctp;

import java.io.ObjectStreamClass;
import java.lang.annotation.Annotation;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericDeclaration;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.net.SocketOption;
import java.util.Arrays;
import java.util.Collection;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The public and protected API of a set of types, as one line per fact (a type's kind and supertypes, one
 * member, a constant's value, a serialVersionUID), so that two APIs compare as two sets of lines.
 *
 * <p>Every line starts with the name of its type, and every type name in it passes through a normaliser, so
 * that the same API in two packages gives the same lines.
 */
final class ApiDescription {
    private final UnaryOperator<String> normaliser;

    private ApiDescription(UnaryOperator<String> normaliser) {
        this.normaliser = normaliser;
    }

    /**
     * Describes the public and protected types among {@code types}.
     *
     * @param types the types of a package; others than public and protected ones are skipped
     * @param normaliser rewrites each type name (e.g. from one package name to another)
     * @return the lines, sorted
     */
    static SortedSet<String> describe(Collection<Class<?>> types, UnaryOperator<String> normaliser) {
        ApiDescription description = new ApiDescription(normaliser);
        SortedSet<String> lines = new TreeSet<>();
        for (Class<?> type : types) {
            if (isApi(type.getModifiers()) && !type.isAnonymousClass() && !type.isLocalClass()
                    && !type.isSynthetic()) {
                description.describeType(type, lines);
            }
        }
        return lines;
    }

    /** A normaliser that renames one package, and only whole package names. */
    static UnaryOperator<String> renamingPackage(String from, String to) {
        String pattern = "(?<![\\w.$])" + java.util.regex.Pattern.quote(from + ".") + "(?=[A-Za-z_$])";
        String replacement = java.util.regex.Matcher.quoteReplacement(to + ".");
        return name -> name.replaceAll(pattern, replacement);
    }

    private static boolean isApi(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private void describeType(Class<?> type, SortedSet<String> lines) {
        String name = name(type);
        lines.add(words(name + ":", kind(type), modifiers(type.getModifiers()
                & (Modifier.classModifiers() | Modifier.interfaceModifiers()) & ~Modifier.INTERFACE),
                type.isSealed() ? "sealed" : "", typeParameters(type)));
        lines.add(name + ": declared in " + (type.getDeclaringClass() == null ? "its package"
                : name(type.getDeclaringClass())));
        lines.add(name + ": extends " + (type.getGenericSuperclass() == null ? "nothing"
                : typeName(type.getGenericSuperclass())));
        lines.add(name + ": implements " + orNothing(typeNames(type.getGenericInterfaces())));
        lines.add(name + ": annotated " + orNothing(annotations(type.getDeclaredAnnotations())));
        ObjectStreamClass serial = ObjectStreamClass.lookupAny(type);
        if (java.io.Serializable.class.isAssignableFrom(type) && serial != null) {
            lines.add(name + ": serialVersionUID " + serial.getSerialVersionUID());
            lines.add(name + ": serial fields " + Arrays.stream(serial.getFields())
                    .map(f -> typeName(f.getType()) + " " + f.getName()).collect(Collectors.joining(", ")));
        } else {
            lines.add(name + ": not serializable");
        }
        if (type.isEnum()) {
            lines.add(name + ": enum constants " + Arrays.stream(type.getEnumConstants())
                    .map(c -> ((Enum<?>) c).name()).collect(Collectors.joining(", ")));
        }
        for (Constructor<?> constructor : type.getDeclaredConstructors()) {
            if (isApi(constructor.getModifiers())) {
                lines.add(words(name + ": constructor", executable(constructor, Modifier.constructorModifiers()),
                        name + parameters(constructor) + exceptions(constructor)));
            }
        }
        for (Method method : type.getDeclaredMethods()) {
            if (isApi(method.getModifiers())) {
                lines.add(words(name + ": method", executable(method, Modifier.methodModifiers()),
                        method.isDefault() ? "default" : "", typeName(method.getGenericReturnType()),
                        method.getName() + parameters(method) + exceptions(method),
                        method.getDefaultValue() == null ? "" : "default " + method.getDefaultValue()));
            }
        }
        for (Field field : type.getDeclaredFields()) {
            if (isApi(field.getModifiers())) {
                lines.add(words(name + ": field", flags(field.isSynthetic(), false, false),
                        annotations(field.getDeclaredAnnotations()),
                        modifiers(field.getModifiers() & Modifier.fieldModifiers()),
                        typeName(field.getGenericType()), field.getName() + constantValue(field)));
            }
        }
    }

    private static String kind(Class<?> type) {
        if (type.isAnnotation()) {
            return "annotation";
        }
        if (type.isInterface()) {
            return "interface";
        }
        if (type.isEnum()) {
            return "enum";
        }
        if (type.isRecord()) {
            return "record";
        }
        return "class";
    }

    private String executable(Executable executable, int modifierMask) {
        boolean bridge = executable instanceof Method && ((Method) executable).isBridge();
        return words(flags(executable.isSynthetic(), bridge, executable.isVarArgs()),
                annotations(executable.getDeclaredAnnotations()),
                modifiers(executable.getModifiers() & modifierMask), typeParameters(executable));
    }

    private static String flags(boolean synthetic, boolean bridge, boolean varargs) {
        return (synthetic ? "[synthetic]" : "") + (bridge ? "[bridge]" : "") + (varargs ? "[varargs]" : "");
    }

    private String parameters(Executable executable) {
        return "(" + typeNames(executable.getGenericParameterTypes()) + ")";
    }

    private String exceptions(Executable executable) {
        Type[] exceptions = executable.getGenericExceptionTypes();
        return exceptions.length == 0 ? "" : " throws " + typeNames(exceptions);
    }

    private String typeParameters(GenericDeclaration declaration) {
        TypeVariable<?>[] variables = declaration.getTypeParameters();
        if (variables.length == 0) {
            return "";
        }
        return Arrays.stream(variables)
                .map(v -> v.getName() + " extends " + Arrays.stream(v.getBounds()).map(this::typeName)
                        .collect(Collectors.joining(" & ")))
                .collect(Collectors.joining(", ", "<", ">"));
    }

    private String constantValue(Field field) {
        int modifiers = field.getModifiers();
        if (!Modifier.isStatic(modifiers) || !Modifier.isFinal(modifiers)) {
            return "";
        }
        Object value;
        try {
            value = field.get(null);
        } catch (IllegalAccessException e) {
            return " = (not readable from here)";
        }
        if (value == null) {
            return " = null";
        }
        if (value instanceof Number || value instanceof Boolean || value instanceof Character
                || value instanceof String) {
            return " = " + value.getClass().getSimpleName() + " " + value;
        }
        if (value instanceof Enum) {
            return " = enum constant " + ((Enum<?>) value).name();
        }
        if (value instanceof SocketOption) {
            SocketOption<?> option = (SocketOption<?>) value;
            return " = SocketOption named " + option.name() + " of type " + name(option.type());
        }
        return " = an object";
    }

    /** The non-empty parts, separated by one space. */
    private static String words(String... parts) {
        return Arrays.stream(parts).filter(part -> !part.isEmpty()).collect(Collectors.joining(" "));
    }

    private static String orNothing(String text) {
        return text.isEmpty() ? "nothing" : text;
    }

    private static String annotations(Annotation[] annotations) {
        return annotations.length == 0 ? "" : Arrays.toString(annotations);
    }

    private static String modifiers(int modifiers) {
        return Modifier.toString(modifiers);
    }

    private String typeNames(Type[] types) {
        return Arrays.stream(types).map(this::typeName).collect(Collectors.joining(", "));
    }

    private String typeName(Type type) {
        return normaliser.apply(type.getTypeName());
    }

    private String name(Class<?> type) {
        return normaliser.apply(type.getName());
    }
}
