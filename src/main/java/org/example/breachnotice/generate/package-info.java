/**
 * A synthetic affected-user data set, with hostile and malformed rows on purpose, for samples, tests and
 * benchmarks.
 */
package org.example.breachnotice.generate;
