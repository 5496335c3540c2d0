package io.smtptrace.analyzer.report.html;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * JSON that can sit inside {@code <script type="application/json">}: {@code <}, {@code >} and {@code &} are written as
 * {@code \u003c}-style escapes, so no server text can close the element ({@code </script>}) or open a comment
 * ({@code <!--}); U+2028/U+2029 are escaped too. The page reads it back with {@code JSON.parse}, which undoes them.
 */
final class ScriptSafeJson {
    private ScriptSafeJson() {}

    static final JsonFactory FACTORY = new JsonFactory().setCharacterEscapes(new Escapes())
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private static final class Escapes extends CharacterEscapes {
        private final int[] table;

        Escapes() {
            table = standardAsciiEscapesForJSON();
            table['<'] = ESCAPE_STANDARD;
            table['>'] = ESCAPE_STANDARD;
            table['&'] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return table;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            if (ch == 0x2028) return new SerializedString("\\u2028");
            if (ch == 0x2029) return new SerializedString("\\u2029");
            return null;
        }
    }
}
