package io.sidecert.config;

/** How log lines are written: for people, or one JSON object per line for a log collector. */
public enum LogFormat {
    TEXT,
    JSON
}
