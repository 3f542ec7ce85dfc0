/** The admin HTTP port (JDK {@code com.sun.net.httpserver}): metrics, health, status JSON and the status page. */
package io.sidecert.observe.admin;
