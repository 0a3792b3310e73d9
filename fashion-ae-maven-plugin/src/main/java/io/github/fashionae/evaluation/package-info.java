/**
 * Maven side: evaluating trained stages through the cache ({@code EvaluationRunner}) and the quality gate
 * ({@code QualityGate}, {@code Metric}, {@code GateResult}); {@code Evaluations} is the evaluate goal's
 * orchestrator. Imports the packages below it, up to {@code training}.
 */
package io.github.fashionae.evaluation;
