"""View models (Qt-free): what each wall view shows, computed off the GUI thread; widgets only draw them."""
