package io.smtptrace.analyzer.cli;

import io.smtptrace.analyzer.Main;
import io.smtptrace.analyzer.i18n.Lang;
import io.smtptrace.analyzer.i18n.Messages;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Shared {@code --lang en|id}; without it the language comes from LC_ALL / LC_MESSAGES / LANG, else English. */
public final class LangMixin {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--lang", paramLabel = "LANG", descriptionKey = "lang")
    Lang option;

    /** The language of this run's texts. */
    public Lang lang() {
        Object root = mixee == null ? null : mixee.root().userObject();
        if (!(root instanceof Main m)) return Lang.resolve(option, System.getenv());
        // smtp-trace --lang id analyze ... : the top-level option holds for the command when it has none of its own
        Lang chosen = option != null ? option : m.langOption();
        return Lang.resolve(chosen, m.env());
    }

    /** The {@code --lang} given on this command, or null. */
    public Lang option() {
        return option;
    }

    public Messages messages(String bundle) {
        return Messages.of(bundle, lang());
    }
}
