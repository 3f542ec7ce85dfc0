package io.sidecert.acme;

/** The step of an ACME exchange that failed, named in every error so a reader knows where to look. */
public enum AcmeStep {
    ACCOUNT("account"),
    ORDER("order"),
    PRESENT("present challenge"),
    VALIDATE("validate"),
    FINALIZE("finalize"),
    DOWNLOAD("download"),
    RENEWAL_INFO("renewal info"),
    REVOKE("revoke");

    private final String label;

    AcmeStep(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
