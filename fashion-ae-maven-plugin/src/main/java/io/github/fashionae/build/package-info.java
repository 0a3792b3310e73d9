/**
 * The study build service, without Maven: {@code StudyBuild}, one per build, with one method per goal family
 * (fetch, the baseline's stages, the experiments, the plan, evaluation, the report, the compare view), each taking
 * an immutable request and returning what the goal attaches or says; it owns what a build knows across its goals
 * (the lines said once, the remote cache's health). Imports every package of Maven's side below it; the mojos
 * ({@code maven}) are its only callers.
 */
package io.github.fashionae.build;
