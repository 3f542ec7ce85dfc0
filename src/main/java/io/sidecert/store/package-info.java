/**
 * The certificate store on the shared volume and sidecert's per-certificate state.
 *
 * <p>Layout of the certificates directory, which proxies mount:
 * <pre>
 * live/&lt;name&gt;                  -&gt; ../archive/&lt;name&gt;/&lt;N&gt;   (relative link, swapped atomically)
 * archive/&lt;name&gt;/&lt;N&gt;/           cert.pem chain.pem fullchain.pem privkey.pem (never changed once there)
 * archive/&lt;name&gt;/certN.pem ...  certbot's files of an adopted lineage, kept
 * live/.&lt;name&gt;.certbot-&lt;N&gt;/     certbot's live directory, set aside on adoption, kept
 * </pre>
 *
 * <p>Everything that reaches a reader is written completely and made durable first, then published with one
 * {@code rename(2)}: {@link io.sidecert.store.AtomicFile} for single files, a version directory plus a link swap
 * for certificate sets.
 */
package io.sidecert.store;
