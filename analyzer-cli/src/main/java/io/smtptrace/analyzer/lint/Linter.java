package io.smtptrace.analyzer.lint;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.smtptrace.analyzer.i18n.Messages;
import io.smtptrace.analyzer.lint.ConfigDocument.Kind;
import io.smtptrace.analyzer.lint.rules.AuthWithoutUserRule;
import io.smtptrace.analyzer.lint.rules.ImplicitTlsWithoutSslRule;
import io.smtptrace.analyzer.lint.rules.MissingTimeoutsRule;
import io.smtptrace.analyzer.lint.rules.PlaintextPasswordRule;
import io.smtptrace.analyzer.lint.rules.ProtocolPrefixMismatchRule;
import io.smtptrace.analyzer.lint.rules.ServerIdentityCheckDisabledRule;
import io.smtptrace.analyzer.lint.rules.SpringNestingRule;
import io.smtptrace.analyzer.lint.rules.SslOnStarttlsPortRule;
import io.smtptrace.analyzer.lint.rules.StarttlsNotRequiredRule;
import io.smtptrace.analyzer.lint.rules.SystemPropertiesOnlyRule;
import io.smtptrace.analyzer.lint.rules.TrustAllCertificatesRule;
import io.smtptrace.analyzer.lint.rules.UnknownPropertyRule;

/**
 * Runs every rule over every configuration an application could run with. Spring Boot files of one directory
 * (application*.properties/yml) are one application: their profile-less documents, and each profile's documents over
 * them; any other file stands alone.
 */
public final class Linter {
    public static List<LintRule> rules() {
        return List.of(new ImplicitTlsWithoutSslRule(), new SslOnStarttlsPortRule(), new AuthWithoutUserRule(),
                new StarttlsNotRequiredRule(), new MissingTimeoutsRule(), new TrustAllCertificatesRule(),
                new ServerIdentityCheckDisabledRule(), new ProtocolPrefixMismatchRule(), new SpringNestingRule(),
                new UnknownPropertyRule(), new PlaintextPasswordRule(), new SystemPropertiesOnlyRule());
    }

    private Linter() {}

    public static List<LintFinding> lint(List<ConfigDocument> docs, Messages msg) {
        LintSink sink = new LintSink(msg);
        for (MailConfig view : views(docs)) {
            if (!view.hasMailSettings()) continue;
            sink.profile(view.profile());
            for (LintRule r : rules()) r.check(view, sink);
        }
        List<LintFinding> out = sink.findings();
        out.sort(Comparator.comparing(LintFinding::file).thenComparingInt(LintFinding::line).thenComparing(LintFinding::rule));
        return out;
    }

    static List<MailConfig> views(List<ConfigDocument> docs) {
        List<MailConfig> views = new ArrayList<>();
        Map<String, List<ConfigDocument>> apps = new LinkedHashMap<>();
        for (ConfigDocument d : docs) {
            String base = ConfigReader.baseName(d.file());
            if (d.kind() == Kind.SPRING && (base.startsWith("application") || base.startsWith("bootstrap"))) {
                Path parent = Path.of(d.file()).toAbsolutePath().getParent();
                apps.computeIfAbsent(String.valueOf(parent), k -> new ArrayList<>()).add(d);
            } else {
                apps.put("\0" + d.file() + "\0" + apps.size(), List.of(d));
            }
        }
        for (List<ConfigDocument> app : apps.values()) {
            Kind kind = app.get(0).kind();
            List<ConfigDocument> base = app.stream().filter(d -> d.profile() == null).toList();
            Set<String> profiles = new LinkedHashSet<>();
            for (ConfigDocument d : app) if (d.profile() != null) profiles.add(d.profile());
            views.add(new MailConfig(kind, null, MailConfig.merge(base)));
            for (String p : profiles) {
                List<ConfigDocument> withProfile = new ArrayList<>(base);
                for (ConfigDocument d : app) if (p.equals(d.profile())) withProfile.add(d);
                views.add(new MailConfig(kind, p, MailConfig.merge(withProfile)));
            }
        }
        return views;
    }
}
