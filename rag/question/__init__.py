"""What a question is: checked, a follow-up made standalone, its words weighed, the answer type it wants."""
