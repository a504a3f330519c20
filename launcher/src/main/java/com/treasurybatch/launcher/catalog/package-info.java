/** Loading the ticket catalog from CSV, for the CLI ({@code catalog load}) and the API. */
package com.treasurybatch.launcher.catalog;
