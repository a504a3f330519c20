package com.treasurybatch.shared.sales;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The inline split format of metadata {@code tb_split}: {@code acct_A:5000,acct_B:3000,acct_C:2000}, basis points
 * summing to 10000, payees distinct. Order is kept: it decides who gets a leftover cent on a tie.
 */
public final class InlineSplit {

	/** Most payees in one inline split. */
	public static final int PAYEES_MAX = 50;

	private InlineSplit() {
	}

	/**
	 * Parses an inline split.
	 * @param text e.g. {@code acct_1A:5000,acct_1B:5000}; spaces around items are allowed
	 * @return the shares, in the order written
	 * @throws IllegalArgumentException if an item is not {@code acct_...:bps}, a payee repeats, there are more than
	 * {@link #PAYEES_MAX} payees or the bps do not sum to 10000
	 */
	public static List<Share> parse(String text) {
		String[] items = text.split(",", -1);
		if (items.length > PAYEES_MAX) {
			throw new IllegalArgumentException("tb_split names " + items.length + " payees, at most " + PAYEES_MAX);
		}
		List<Share> shares = new ArrayList<>(items.length);
		for (String item : items) {
			String[] parts = item.strip().split(":", -1);
			if (parts.length != 2 || !parts[1].matches("[0-9]{1,5}")) {
				throw new IllegalArgumentException(
						"tb_split item '" + item.strip() + "' is not acct_...:basis_points (in '" + text + "')");
			}
			shares.add(new Share(parts[0], Integer.parseInt(parts[1])));
		}
		return Share.whole(shares);
	}

	/**
	 * Writes shares in the inline format.
	 * @param shares shares
	 * @return e.g. {@code acct_1A:5000,acct_1B:5000}
	 */
	public static String format(List<Share> shares) {
		return shares.stream().map((share) -> share.payeeAccount() + ":" + share.bps()).collect(Collectors.joining(","));
	}

}
