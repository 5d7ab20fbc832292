/**
 * End of retention: an incident's addresses and names erased from the state folder, the ledger still
 * verifiable.
 */
package org.example.breachnotice.retention;
