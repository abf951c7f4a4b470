/**
 * Day-2 procedures ({@code up}, {@code rotate}, {@code down}, {@code doctor}): multi-step, resumable sequences built
 * from the thin appliers in {@code apply}. Each procedure is a list of named steps with a typed outcome; a dry run
 * prints the steps without running any. Above {@code apply}, below {@code cli} (LayeringTest).
 */
package dev.slipway.operate;
