/**
 * Double-entry ledger in integer minor units: balanced, append-only journals posted once per source, enforced
 * both here and by PostgreSQL ({@code schema/V4__ledger.sql}).
 */
package com.treasurybatch.shared.ledger;
