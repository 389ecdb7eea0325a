// Package learn is the learned classifier of submissions (issue 11): one
// multinomial logistic regression per decision (kind, Điều 13 timing
// class, Điều 8 category, unit, language) over Vietnamese syllable uni-
// and bigrams, with and without diacritics, the subject's words,
// structural features (the Decree 30/2020/NĐ-CP document, the sender,
// question forms, event words, leaders' titles, verbs of direction) and
// the rules' evidence (how far to trust each rule of
// config/classify.rules.toml). It is linear, so every decision is
// explained by the few features that weighed most.
//
// Training is deterministic (gonum's L-BFGS from zero, examples sorted by
// id, weights kept to six significant digits): the same examples give the
// same model file. The file is versioned JSON (Model) with its feature
// configuration, the digest of its training data and its held-out
// figures; the default model is embedded (Default).
//
// The model judges; the rules keep what is certain (classify.Judge).
package learn
