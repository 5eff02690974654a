// carry_books: a FY's books from last year's, entity by entity by code (books.hpp).

#include "sim/runners/books.hpp"

#include <doctest/doctest.h>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using specflow::entities::IdVector;
using specflow::entities::ProviderId;
using specflow::sim::carry_books;

struct Entity {
    std::string code;
};

// Books are the balance each entity holds; a fresh one opens at 100 + its code's length.
IdVector<ProviderId, int> carry(const std::vector<Entity>& before,
                                const IdVector<ProviderId, int>& books,
                                const std::vector<Entity>& after) {
    return carry_books(
        before, books, after, [](const Entity& e) { return 100 + static_cast<int>(e.code.size()); },
        [](int balance) { return balance == 0; });
}

IdVector<ProviderId, int> books_of(std::vector<int> balances) {
    IdVector<ProviderId, int> books;
    for (const int b : balances) {
        books.push_back(b);
    }
    return books;
}

std::vector<int> balances(const IdVector<ProviderId, int>& books) {
    std::vector<int> out;
    for (const auto id : books.ids()) {
        out.push_back(books[id]);
    }
    return out;
}

} // namespace

TEST_CASE("carry_books: the same entities in the same order keep their books in place") {
    const std::vector<Entity> year{{"A"}, {"BB"}, {"CCC"}};
    CHECK(balances(carry(year, books_of({7, 8, 9}), year)) == std::vector<int>{7, 8, 9});
}

TEST_CASE("carry_books: books follow their codes when the order changes, and new entities open") {
    const std::vector<Entity> before{{"A"}, {"BB"}, {"CCC"}};
    // Same codes, another order: each book moves with its code.
    CHECK(balances(carry(before, books_of({7, 8, 9}), {{"CCC"}, {"A"}, {"BB"}})) ==
          std::vector<int>{9, 7, 8});
    // One leaves with nothing on its books, one arrives: 100 + 4 for "DDDD".
    CHECK(balances(carry(before, books_of({7, 0, 9}), {{"A"}, {"DDDD"}, {"CCC"}})) ==
          std::vector<int>{7, 104, 9});
    // The first FY: no books yet, every entity opens.
    CHECK(balances(carry(before, books_of({}), before)) == std::vector<int>{101, 102, 103});
}

TEST_CASE("carry_books: an entity that leaves with money on its books is refused") {
    const std::vector<Entity> before{{"A"}, {"BB"}};
    CHECK_THROWS_WITH_AS(carry(before, books_of({7, 8}), {{"A"}}),
                         "carry_books: BB leaves with money on its books; a change of structure "
                         "needs a mapping",
                         std::logic_error);
}
