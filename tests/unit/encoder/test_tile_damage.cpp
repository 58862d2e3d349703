// TileDamage and merge_tiles: which 64x64 tiles really changed, and how they merge.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "test_support.hpp"
#include "tile_damage.hpp"

namespace wrd::encoder {
namespace {

using test::Image;

std::vector<Rect> full(const Image& img) {
    return {Rect{0, 0, img.width, img.height}};
}

TEST(TileDamage, FirstCallReportsEveryTileClipped) {
    Image img = test::gradient_image(130, 70, 12);
    TileDamage damage;
    const std::vector<Rect> tiles = damage.update(img.view(), {});
    const std::vector<Rect> expected = {{0, 0, 64, 64}, {64, 0, 64, 64}, {128, 0, 2, 64},
                                        {0, 64, 64, 6}, {64, 64, 64, 6}, {128, 64, 2, 6}};
    EXPECT_EQ(tiles, expected);
}

TEST(TileDamage, UnchangedFrameGivesNoTiles) {
    Image img = test::desktop_image(1920, 1080);
    TileDamage damage;
    damage.update(img.view(), {});
    EXPECT_TRUE(damage.update(img.view(), full(img)).empty());
    // A copy with the same pixels but another stride is still unchanged.
    Image copy(img.width, img.height, 64);
    for (int32_t y = 0; y < img.height; ++y) std::copy_n(img.at(0, y), 4 * img.width, copy.at(0, y));
    EXPECT_TRUE(damage.update(copy.view(), full(copy)).empty());
}

TEST(TileDamage, OneChangedPixelGivesExactlyItsTile) {
    Image img = test::desktop_image(1920, 1080);
    TileDamage damage;
    damage.update(img.view(), {});
    img.at(700, 300)[1] ^= 1;  // one bit of one channel
    EXPECT_EQ(damage.update(img.view(), full(img)), (std::vector<Rect>{{640, 256, 64, 64}}));
    // The new content became the reference: the same frame again is unchanged.
    EXPECT_TRUE(damage.update(img.view(), full(img)).empty());
}

TEST(TileDamage, ChangeInTheLastRowAndColumnOfATileIsFound) {
    Image img = test::gradient_image(256, 256);
    TileDamage damage;
    damage.update(img.view(), {});
    img.set(127, 127, 1, 2, 3);
    img.set(128, 191, 1, 2, 3);
    EXPECT_EQ(damage.update(img.view(), full(img)), (std::vector<Rect>{{64, 64, 64, 64}, {128, 128, 64, 64}}));
}

TEST(TileDamage, EdgeTilesAtOddSizes) {
    Image img = test::gradient_image(1366, 769);
    TileDamage damage;
    damage.update(img.view(), {});
    img.set(1365, 768, 0, 0, 0);
    img.set(0, 768, 0, 0, 0);
    EXPECT_EQ(damage.update(img.view(), full(img)), (std::vector<Rect>{{0, 768, 64, 1}, {1344, 768, 22, 1}}));
}

TEST(TileDamage, OnlyHintedTilesAreCompared) {
    Image img = test::gradient_image(512, 512);
    TileDamage damage;
    damage.update(img.view(), {});
    img.set(10, 10, 0, 0, 0);    // tile (0, 0)
    img.set(300, 300, 0, 0, 0);  // tile (4, 4)
    const Rect hint{290, 290, 20, 20};
    EXPECT_EQ(damage.update(img.view(), {&hint, 1}), (std::vector<Rect>{{256, 256, 64, 64}}));
    // The unhinted change was not taken into the reference: a later hint still finds it.
    const Rect later{0, 0, 1, 1};
    EXPECT_EQ(damage.update(img.view(), {&later, 1}), (std::vector<Rect>{{0, 0, 64, 64}}));
    // Hints outside the frame are ignored; overlapping hints report a tile once.
    const Rect odd[] = {{-100, -100, 50, 50}, {600, 0, 10, 10}, {0, 0, 512, 512}, {0, 0, 70, 70}};
    img.set(65, 65, 9, 9, 9);
    EXPECT_EQ(damage.update(img.view(), odd), (std::vector<Rect>{{64, 64, 64, 64}}));
}

TEST(TileDamage, SizeChangeAndResetReportEverything) {
    Image small = test::gradient_image(100, 100);
    Image big = test::gradient_image(200, 100);
    TileDamage damage;
    damage.update(small.view(), {});
    EXPECT_EQ(damage.update(big.view(), {}).size(), 8u);  // 4 x 2 tiles
    EXPECT_TRUE(damage.update(big.view(), full(big)).empty());
    damage.reset();
    EXPECT_EQ(damage.update(big.view(), {}).size(), 8u);  // 4 x 2 tiles
}

TEST(TileDamage, RandomChangesMatchABruteForceCompare) {
    std::mt19937 rng(7);
    Image img = test::random_image(333, 211, rng, 20);
    TileDamage damage;
    damage.update(img.view(), {});
    for (int round = 0; round < 20; ++round) {
        Image before = img;
        std::uniform_int_distribution<int> x(0, img.width - 1), y(0, img.height - 1);
        const int changes = round % 4;
        for (int i = 0; i < changes; ++i) img.at(x(rng), y(rng))[rng() % 4] ^= 0x80;
        std::vector<Rect> expected;
        for (int32_t ty = 0; ty < img.height; ty += 64)
            for (int32_t tx = 0; tx < img.width; tx += 64) {
                const Rect tile = Rect{tx, ty, 64, 64}.intersect({0, 0, img.width, img.height});
                bool differs = false;
                for (int32_t r = tile.y; r < tile.bottom() && !differs; ++r)
                    differs = !std::equal(img.at(tile.x, r), img.at(tile.x, r) + 4 * tile.width, before.at(tile.x, r));
                if (differs) expected.push_back(tile);
            }
        EXPECT_EQ(damage.update(img.view(), full(img)), expected) << "round " << round;
    }
}

TEST(MergeTiles, FullScreenIsOneRect) {
    Image img = test::gradient_image(1920, 1080);
    TileDamage damage;
    EXPECT_EQ(merge_tiles(damage.update(img.view(), {})), (std::vector<Rect>{{0, 0, 1920, 1080}}));
}

TEST(MergeTiles, Shapes) {
    EXPECT_TRUE(merge_tiles({}).empty());
    // A row of three tiles with a gap, then an L shape.
    const std::vector<Rect> row = {{0, 0, 64, 64}, {64, 0, 64, 64}, {192, 0, 64, 64}};
    EXPECT_EQ(merge_tiles(row), (std::vector<Rect>{{0, 0, 128, 64}, {192, 0, 64, 64}}));
    const std::vector<Rect> ell = {{0, 128, 64, 64}, {64, 128, 64, 64}, {0, 0, 64, 64}, {0, 64, 64, 64}};
    EXPECT_EQ(merge_tiles(ell), (std::vector<Rect>{{0, 0, 64, 128}, {0, 128, 128, 64}}));
    // Same x-span but not adjacent vertically: two rects.
    const std::vector<Rect> apart = {{0, 0, 64, 64}, {0, 128, 64, 64}};
    EXPECT_EQ(merge_tiles(apart), apart);
    // A 2x2 block and a clipped edge column at an odd width.
    const std::vector<Rect> block = {{1280, 0, 64, 64}, {1344, 0, 22, 64}, {1280, 64, 64, 64}, {1344, 64, 22, 64}};
    EXPECT_EQ(merge_tiles(block), (std::vector<Rect>{{1280, 0, 86, 128}}));
}

TEST(MergeTiles, MergedAreaEqualsTileArea) {
    std::mt19937 rng(3);
    std::vector<Rect> tiles;
    for (int32_t ty = 0; ty < 17; ++ty)
        for (int32_t tx = 0; tx < 30; ++tx)
            if (rng() % 3 != 0) tiles.push_back({tx * 64, ty * 64, 64, 64});
    const std::vector<Rect> merged = merge_tiles(tiles);
    int64_t area = 0;
    for (const Rect& r : merged) area += r.area();
    EXPECT_EQ(area, int64_t(tiles.size()) * 64 * 64);
    EXPECT_LT(merged.size(), tiles.size());
    for (size_t i = 0; i < merged.size(); ++i)
        for (size_t j = i + 1; j < merged.size(); ++j) EXPECT_TRUE(merged[i].intersect(merged[j]).empty());
}

}  // namespace
}  // namespace wrd::encoder
