package com.treasurybatch.shared.stripe.internal;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Walks a Stripe list page by page with {@code starting_after} set to the last id of the previous page, until
 * {@code has_more} is false (docs.stripe.com/api/pagination). Fetches a page only when the previous one is used
 * up, so a consumer that stops early sends no further request.
 *
 * @param <T> item type
 */
final class PageIterator<T> implements Iterator<T> {

	/**
	 * One page of a list.
	 * @param items the items, in Stripe's order
	 * @param hasMore whether another page follows
	 * @param lastId the id of the last item, the next page's {@code starting_after}
	 */
	record Page<T>(List<T> items, boolean hasMore, String lastId) {
	}

	private final Function<String, Page<T>> fetch;

	private Iterator<T> current = List.<T>of().iterator();

	private String cursor;

	private boolean more = true;

	/**
	 * @param fetch sends one list request: given the {@code starting_after} cursor (null for the first page),
	 * returns the page
	 */
	PageIterator(Function<String, Page<T>> fetch) {
		this.fetch = fetch;
	}

	/** A sequential stream over every item, fetching lazily. */
	static <T> Stream<T> stream(Function<String, Page<T>> fetch) {
		return StreamSupport.stream(
				Spliterators.spliteratorUnknownSize(new PageIterator<>(fetch), Spliterator.ORDERED | Spliterator.NONNULL),
				false);
	}

	@Override
	public boolean hasNext() {
		while (!this.current.hasNext() && this.more) {
			Page<T> page = this.fetch.apply(this.cursor);
			this.current = page.items().iterator();
			this.more = page.hasMore() && !page.items().isEmpty();
			this.cursor = page.lastId();
		}
		return this.current.hasNext();
	}

	@Override
	public T next() {
		if (!hasNext()) {
			throw new NoSuchElementException();
		}
		return this.current.next();
	}

}
