package io.jsst.engine.testing;

import io.jsst.engine.io.IoBackend;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips every test when {@code -Djsst.io=native} asks for a native path this machine does not
 * have (another OS, no JNA, an old kernel), saying why. Registered by service loading, which only
 * the engine's {@code native-io} surefire execution turns on.
 */
public final class RequiresConfiguredIo implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (!"native".equalsIgnoreCase(System.getProperty(IoBackend.PROPERTY, ""))) {
            return ConditionEvaluationResult.enabled("backend not forced to native");
        }
        String reason = IoBackend.nativeUnavailableReason();
        return reason == null
                ? ConditionEvaluationResult.enabled("native datagram I/O available")
                : ConditionEvaluationResult.disabled("-Djsst.io=native but unavailable: " + reason);
    }
}
