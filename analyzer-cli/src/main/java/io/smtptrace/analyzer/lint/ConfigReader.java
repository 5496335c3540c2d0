package io.smtptrace.analyzer.lint;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.smtptrace.analyzer.lint.ConfigDocument.Kind;

/**
 * Reads the three kinds of mail configuration into settings with line numbers: properties files (Spring Boot or plain
 * JavaMail; Spring's {@code #---} multi-document separator and profile-specific file names), YAML (through Jackson's
 * YAML parser, SnakeYAML underneath; multi-document, nested maps flattened to dotted keys) and -D option lists.
 */
public final class ConfigReader {
    private static final Pattern PROFILE_FILE = Pattern.compile("(?:application|bootstrap)-([^./\\\\]+)\\.(?:properties|ya?ml)");
    private static final Pattern JVM_TOKEN = Pattern.compile("(?:[^\\s\"']|\"[^\"]*\"|'[^']*')+");

    /** Input that cannot be read as configuration; the message names the line. */
    public static final class BadInputException extends Exception {
        private final int line;

        public BadInputException(int line, String message) {
            super(message);
            this.line = line;
        }

        public int line() {
            return line;
        }
    }

    private ConfigReader() {}

    /** Reads {@code text} (the content of {@code name}), deciding its kind from the name and content. */
    public static List<ConfigDocument> read(String name, String text) throws BadInputException {
        String base = baseName(name).toLowerCase(Locale.ROOT);
        if (base.endsWith(".yml") || base.endsWith(".yaml")) return yaml(name, text, fileProfile(base));
        if (base.endsWith(".properties")) {
            List<ConfigDocument> docs = properties(name, text, Kind.JAVAMAIL, fileProfile(base));
            boolean spring = base.startsWith("application") || base.startsWith("bootstrap")
                    || docs.stream().flatMap(d -> d.settings().stream()).anyMatch(s -> s.key().startsWith("spring."));
            return spring ? properties(name, text, Kind.SPRING, fileProfile(base)) : docs;
        }
        if (looksLikeOptions(text)) return List.of(jvmOptions(name, text));
        return properties(name, text, Kind.JAVAMAIL, null);
    }

    static String baseName(String name) {
        int i = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        return name.substring(i + 1);
    }

    static String fileProfile(String base) {
        Matcher m = PROFILE_FILE.matcher(base);
        return m.matches() ? m.group(1) : null;
    }

    /** A JVM options file: every line that is not blank or a comment starts with '-' (or a quoted '-'). */
    static boolean looksLikeOptions(String text) {
        boolean any = false;
        for (String l : text.split("\r?\n|\r")) {
            String t = l.strip();
            if (t.isEmpty() || t.startsWith("#")) continue;
            if (!t.startsWith("-") && !t.startsWith("\"-") && !t.startsWith("'-")) return false;
            any = true;
        }
        return any;
    }

    /** Properties, one logical line at a time so each setting keeps its line; Spring's "#---" starts a new document. */
    public static List<ConfigDocument> properties(String name, String text, Kind kind, String fileProfile) throws BadInputException {
        List<ConfigDocument> docs = new ArrayList<>();
        List<Setting> current = new ArrayList<>();
        String[] lines = text.split("\r?\n|\r", -1);
        for (int i = 0; i < lines.length; i++) {
            String t = lines[i].stripLeading();
            if (kind == Kind.SPRING && (t.equals("#---") || t.equals("!---"))) {
                docs.add(document(name, kind, fileProfile, current));
                current = new ArrayList<>();
                continue;
            }
            if (t.isEmpty() || t.startsWith("#") || t.startsWith("!")) continue;
            int start = i;
            StringBuilder logical = new StringBuilder(lines[i]);
            while (endsWithContinuation(lines[i]) && i + 1 < lines.length) {
                i++;
                logical.append('\n').append(lines[i]);
            }
            Properties p = new Properties();
            try {
                p.load(new StringReader(logical.toString()));
            } catch (IOException | IllegalArgumentException e) {
                throw new BadInputException(start + 1, "not a valid properties line: " + e.getMessage());
            }
            for (String k : p.stringPropertyNames()) current.add(new Setting(k, p.getProperty(k), name, start + 1, null));
        }
        docs.add(document(name, kind, fileProfile, current));
        return docs;
    }

    private static boolean endsWithContinuation(String line) {
        int n = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) n++;
        return n % 2 == 1;
    }

    /** Applies the document's own profile (spring.config.activate.on-profile, or the legacy spring.profiles) to its settings. */
    private static ConfigDocument document(String name, Kind kind, String fileProfile, List<Setting> settings) {
        String profile = fileProfile;
        if (kind == Kind.SPRING) {
            for (Setting s : settings) {
                if (s.key().equals("spring.config.activate.on-profile") || s.key().equals("spring.profiles")) profile = s.value().strip();
            }
        }
        List<Setting> out = new ArrayList<>(settings.size());
        for (Setting s : settings) out.add(new Setting(s.key(), s.value(), s.file(), s.line(), profile));
        return new ConfigDocument(name, kind, profile, out);
    }

    /** YAML: nested maps become dotted keys, sequence items [i]; each "---" document separately. */
    public static List<ConfigDocument> yaml(String name, String text, String fileProfile) throws BadInputException {
        List<ConfigDocument> docs = new ArrayList<>();
        List<Setting> current = null;
        Deque<Frame> stack = new ArrayDeque<>();
        String field = null;
        try (JsonParser p = new YAMLFactory().createParser(text)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (stack.isEmpty()) {
                    if (current != null) docs.add(document(name, Kind.SPRING, fileProfile, current));
                    current = new ArrayList<>();
                    if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                        stack.push(new Frame("", t == JsonToken.START_ARRAY));
                    }
                    continue;
                }
                Frame top = stack.peek();
                switch (t) {
                    case FIELD_NAME -> field = p.currentName();
                    case START_OBJECT, START_ARRAY -> stack.push(new Frame(top.child(field), t == JsonToken.START_ARRAY));
                    case END_OBJECT, END_ARRAY -> {
                        stack.pop();
                        if (!stack.isEmpty() && stack.peek().array) stack.peek().index++;
                    }
                    default -> {
                        String v = t == JsonToken.VALUE_NULL ? "" : p.getText();
                        current.add(new Setting(top.child(field), v, name, line(p.currentTokenLocation()), null));
                        if (top.array) top.index++;
                    }
                }
            }
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            String msg = e.getOriginalMessage();
            throw new BadInputException(l == null ? 0 : line(l), "not valid YAML: " + firstLine(msg));
        } catch (IOException e) {
            throw new BadInputException(0, e.getMessage());
        }
        if (current != null) docs.add(document(name, Kind.SPRING, fileProfile, current));
        if (docs.isEmpty()) docs.add(new ConfigDocument(name, Kind.SPRING, fileProfile, List.of()));
        return docs;
    }

    private static int line(JsonLocation l) {
        return Math.max(1, l.getLineNr());
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int i = s.indexOf('\n');
        return i < 0 ? s : s.substring(0, i);
    }

    /** One level of YAML nesting: the dotted prefix and, for sequences, the next item index. */
    private static final class Frame {
        final String prefix;
        final boolean array;
        int index;

        Frame(String prefix, boolean array) {
            this.prefix = prefix;
            this.array = array;
        }

        String child(String field) {
            String name = array ? "[" + index + "]" : field;
            if (prefix.isEmpty()) return name;
            return array ? prefix + name : prefix + "." + name;
        }
    }

    /** -D options from a JVM options file or a JAVA_TOOL_OPTIONS string; other options are skipped. */
    public static ConfigDocument jvmOptions(String name, String text) {
        List<Setting> out = new ArrayList<>();
        String[] lines = text.split("\r?\n|\r", -1);
        for (int i = 0; i < lines.length; i++) {
            String t = lines[i].strip();
            if (t.startsWith("#")) continue;
            Matcher m = JVM_TOKEN.matcher(t);
            while (m.find()) {
                String tok = unquote(m.group());
                if (!tok.startsWith("-D") || tok.length() < 3) continue;
                String kv = tok.substring(2);
                int eq = kv.indexOf('=');
                out.add(new Setting(eq < 0 ? kv : kv.substring(0, eq), eq < 0 ? "" : kv.substring(eq + 1), name, i + 1, null));
            }
        }
        return new ConfigDocument(name, Kind.JVM_OPTIONS, null, out);
    }

    /** Removes shell quoting the way a shell would: "-Dk=a b" and -Dk="a b" are the same option. */
    private static String unquote(String s) {
        return s.replaceAll("\"([^\"]*)\"", "$1").replaceAll("'([^']*)'", "$1");
    }
}
