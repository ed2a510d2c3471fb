"""Language tools every stage uses: words and terms, sentences, dates, names, word relations."""
