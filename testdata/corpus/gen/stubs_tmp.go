package main

func itemsNews() []*Item  { return nil }
func itemsOther() []*Item { return nil }
func writePublished(string) error { return nil }
