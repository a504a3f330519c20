/** Sales: orders from Stripe Checkout, split rules that say who is paid, and how a paid sale is booked. */
package com.treasurybatch.shared.sales;
