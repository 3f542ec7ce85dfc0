package io.sidecert.config;

/** Where HTTP-01 answers come from: files in a webroot the proxy serves, or sidecert's own responder. */
public enum Http01Mode {
    WEBROOT,
    STANDALONE
}
