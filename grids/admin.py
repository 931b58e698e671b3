"""Django admin for the grid tree: intentionally empty.

Separation of duties (DOMAIN.md): the system administrator manages accounts, not ledgers. The grid tree
names people and their phone numbers (cadres, property managers, 楼长, 单元长), so it is kept in the
portal's pages, where it is scoped to one community (grid workers: their own grids) and every change is
audited.
"""
