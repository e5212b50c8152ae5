package jp.reform.collector.console;

import java.util.Locale;
import java.util.Map;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.context.IExpressionContext;
import org.thymeleaf.linkbuilder.StandardLinkBuilder;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Renders the console's pages from the Thymeleaf templates in {@code console/templates/}. Thymeleaf escapes
 * every {@code th:text} and attribute value, so text from department files is always shown as text; bidi
 * controls in it are shown as U+FFFD ({@link BidiShown}), so that none turns round the text after it.
 */
public final class PageRenderer {

    private final TemplateEngine engine = new TemplateEngine();

    public PageRenderer() {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver(PageRenderer.class.getClassLoader());
        resolver.setPrefix("console/templates/");
        resolver.setSuffix(".html");
        resolver.setTemplateMode(TemplateMode.HTML);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(true);
        engine.setTemplateResolver(resolver);
        // bidi controls in what people wrote are shown, not obeyed, on every page (BidiShown)
        engine.addDialect(new BidiShown());
        // links such as @{/departments/{d}(d=…)} are site-absolute (the console is served at /), with
        // their path and query values URL-encoded by Thymeleaf
        engine.setLinkBuilder(new StandardLinkBuilder() {
            @Override
            protected String computeContextPath(IExpressionContext context, String base, Map<String, Object> parameters) {
                return "";
            }
        });
    }

    public String render(String template, Map<String, Object> variables) {
        return engine.process(template, new Context(Locale.JAPAN, variables));
    }
}
