/** Prometheus metrics through Micrometer ({@code io.micrometer.prometheusmetrics}). */
package io.sidecert.observe.metrics;
