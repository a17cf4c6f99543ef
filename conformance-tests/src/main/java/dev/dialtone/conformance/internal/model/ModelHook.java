package dev.dialtone.conformance.internal.model;

import net.jqwik.api.AfterFailureMode;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/** Sets the property's tries and seed from the run, and hands jqwik's result (seed, shrunk sample) back to it. */
public final class ModelHook implements AroundPropertyHook {

    /** For jqwik. */
    public ModelHook() {
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        ModelContext run = ModelContext.current();
        context.attributes().setTries(run.tries);
        context.attributes().setShrinking(ShrinkingMode.BOUNDED);
        context.attributes().setAfterFailure(AfterFailureMode.RANDOM_SEED);
        context.attributes().setEdgeCases(EdgeCasesMode.NONE);
        if (run.seed != null) {
            context.attributes().setSeed(run.seed);
        }
        PropertyExecutionResult result = property.execute();
        run.result = result;
        return result;
    }
}
