/**
 * The command line (picocli): parses options, opens the state folder and prints. The only package that writes to
 * the console.
 */
package org.example.breachnotice.cli;
