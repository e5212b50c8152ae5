package jp.reform.collector.console;

import java.util.Set;
import jp.reform.collector.domain.BidiControls;
import org.thymeleaf.context.ITemplateContext;
import org.thymeleaf.dialect.AbstractDialect;
import org.thymeleaf.dialect.IPostProcessorDialect;
import org.thymeleaf.engine.AbstractTemplateHandler;
import org.thymeleaf.model.IAttribute;
import org.thymeleaf.model.IModelFactory;
import org.thymeleaf.model.IOpenElementTag;
import org.thymeleaf.model.IProcessableElementTag;
import org.thymeleaf.model.IStandaloneElementTag;
import org.thymeleaf.model.IText;
import org.thymeleaf.postprocessor.IPostProcessor;
import org.thymeleaf.postprocessor.PostProcessor;
import org.thymeleaf.templatemode.TemplateMode;

/**
 * Every page's text as it is written out, whatever template or expression put it there (a display name, a
 * comment, a file name, a mail subject, one joined to a sentence): bidi controls shown as U+FFFD, so that none
 * can turn round what follows it on the page. Done once here, after the templates, rather than value by value:
 * a template added later is covered too. Tooltips (title) likewise; form values are left as sent back.
 */
final class BidiShown extends AbstractDialect implements IPostProcessorDialect {

    /** Attributes a browser shows as text. */
    private static final Set<String> SHOWN_ATTRIBUTES = Set.of("title", "alt", "placeholder", "aria-label");

    BidiShown() {
        super("bidi-shown");
    }

    @Override
    public int getDialectPostProcessorPrecedence() {
        return 1000;
    }

    @Override
    public Set<IPostProcessor> getPostProcessors() {
        return Set.of(new PostProcessor(TemplateMode.HTML, Handler.class, 1000));
    }

    /** Instantiated by Thymeleaf for each page. */
    public static final class Handler extends AbstractTemplateHandler {

        private IModelFactory models;

        public Handler() {
        }

        @Override
        public void setContext(ITemplateContext context) {
            super.setContext(context);
            this.models = context.getModelFactory();
        }

        @Override
        public void handleText(IText text) {
            String shown = BidiControls.shown(text.getText());
            super.handleText(shown.equals(text.getText()) ? text : models.createText(shown));
        }

        @Override
        public void handleOpenElement(IOpenElementTag tag) {
            super.handleOpenElement(shown(tag));
        }

        @Override
        public void handleStandaloneElement(IStandaloneElementTag tag) {
            super.handleStandaloneElement(shown(tag));
        }

        private <T extends IProcessableElementTag> T shown(T tag) {
            T out = tag;
            for (IAttribute attribute : tag.getAllAttributes()) {
                String value = attribute.getValue();
                if (value != null && SHOWN_ATTRIBUTES.contains(attribute.getAttributeCompleteName().toLowerCase())) {
                    String shown = BidiControls.shown(value);
                    if (!shown.equals(value)) {
                        out = models.replaceAttribute(out, attribute.getAttributeDefinition().getAttributeName(),
                                attribute.getAttributeCompleteName(), shown);
                    }
                }
            }
            return out;
        }
    }
}
