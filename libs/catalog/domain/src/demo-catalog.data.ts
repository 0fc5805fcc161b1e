import { CatalogCategory } from './catalog-product.model';

export interface ItemBlueprint {
  noun: string;
  /** Price range in whole currency units; generated prices end in .99 or .49. */
  price: [number, number];
  blurb: string;
}

/** The ingredients of one demo category; the generator combines them into products. */
export interface CategoryBlueprint {
  category: CatalogCategory;
  /** Hue (0–360) of the category's product images. */
  hue: number;
  /** How a product is named from a brand, a qualifier and an item noun. */
  namePattern: string;
  brands: string[];
  /** The attribute that names the brand (an author, for books). */
  brandAttribute?: string;
  qualifiers: string[];
  items: ItemBlueprint[];
  attributes: Record<string, string[]>;
  closers: string[];
}

export const DEMO_CURRENCY = 'EUR';
export const PRODUCTS_PER_CATEGORY = 30;

export const DEMO_CATEGORIES: CategoryBlueprint[] = [
  {
    category: { id: 'kitchen', name: 'Kitchen', description: 'Cookware, knives and tools for everyday cooking.' },
    hue: 14,
    namePattern: '{brand} {qualifier} {noun}',
    brands: ['Nordhavn', 'Ferro & Co', 'Little Pantry', 'Maison Brûlée', 'Kōbō'],
    qualifiers: ['Enamel', 'Cast Iron', 'Stainless', 'Copper', 'Carbon Steel', 'Ceramic', 'Beechwood'],
    items: [
      { noun: 'Kettle', price: [29, 89], blurb: 'Boils a litre and a half quickly on gas, electric and induction hobs.' },
      { noun: 'Skillet', price: [35, 120], blurb: 'Sears evenly and goes straight from the hob into the oven.' },
      { noun: 'Chef Knife', price: [45, 180], blurb: 'A 20 cm blade balanced for rocking cuts and fine dicing.' },
      { noun: 'Saucepan', price: [25, 95], blurb: 'A tight lid and a pouring lip for sauces, grains and soups.' },
      { noun: 'Dutch Oven', price: [79, 260], blurb: 'Slow braises, bread and stews for four to six people.' },
      { noun: 'Cutting Board', price: [19, 69], blurb: 'Kind to knife edges, with a juice groove around the rim.' },
      { noun: 'Mixing Bowl Set', price: [22, 58], blurb: 'Three nesting bowls with non-slip bases.' },
      { noun: 'Coffee Grinder', price: [39, 149], blurb: 'Adjustable burrs from espresso-fine to French-press coarse.' },
    ],
    attributes: { Colour: ['Cream', 'Forest Green', 'Charcoal', 'Terracotta', 'Natural'], Capacity: ['1 l', '1.5 l', '2 l', '4 l'], Dishwasher: ['Yes', 'No'] },
    closers: ['Made to last for decades.', 'Comes with a two-year guarantee.', 'Hand wash to keep it at its best.'],
  },
  {
    category: { id: 'home-decor', name: 'Home Decor', description: 'Lamps, textiles and small things that make a room.' },
    hue: 32,
    namePattern: '{brand} {qualifier} {noun}',
    brands: ['Lumen Lane', 'Hygge House', 'Atelier Vert', 'Casa Olmo', 'Fjell'],
    qualifiers: ['Linen', 'Rattan', 'Oak', 'Brass', 'Wool', 'Stoneware', 'Velvet'],
    items: [
      { noun: 'Table Lamp', price: [39, 159], blurb: 'A warm, glare-free light for reading corners and side tables.' },
      { noun: 'Cushion Cover', price: [15, 45], blurb: 'Fits a 45 × 45 cm insert, with a hidden zip.' },
      { noun: 'Throw Blanket', price: [35, 120], blurb: 'Soft and generous enough for two on the sofa.' },
      { noun: 'Wall Mirror', price: [49, 199], blurb: 'Bounces daylight around a hallway or a small room.' },
      { noun: 'Vase', price: [18, 79], blurb: 'Holds a full bunch or a single dried stem.' },
      { noun: 'Picture Frame', price: [12, 49], blurb: 'Takes A4 prints with a mount, or A3 without.' },
      { noun: 'Storage Basket', price: [19, 59], blurb: 'Hides toys, blankets or magazines in plain sight.' },
    ],
    attributes: { Colour: ['Sand', 'Sage', 'Ochre', 'Ivory', 'Slate'], Style: ['Scandinavian', 'Mid-century', 'Rustic', 'Minimal'] },
    closers: ['Each piece varies slightly: it is made by hand.', 'Ships in plastic-free packaging.', 'Pairs well with natural materials.'],
  },
  {
    category: { id: 'garden', name: 'Garden', description: 'Tools, planters and seeds for balconies and back gardens.' },
    hue: 110,
    namePattern: '{brand} {qualifier} {noun}',
    brands: ['Greenfinch', 'Potting Shed', 'Verdant', 'Old Orchard'],
    qualifiers: ['Galvanised', 'Terracotta', 'Ash-handled', 'Recycled', 'Heritage', 'Self-watering'],
    items: [
      { noun: 'Trowel', price: [12, 35], blurb: 'A sharp, rust-resistant blade for planting and weeding.' },
      { noun: 'Watering Can', price: [19, 65], blurb: 'A long spout and a fine rose for seedlings.' },
      { noun: 'Planter', price: [22, 110], blurb: 'Drainage holes and feet keep roots healthy.' },
      { noun: 'Pruning Shears', price: [18, 59], blurb: 'Bypass blades cut cleanly through stems up to 2 cm.' },
      { noun: 'Seed Collection', price: [9, 29], blurb: 'Twelve easy varieties with a sowing calendar.' },
      { noun: 'Kneeler', price: [15, 39], blurb: 'Thick foam for long afternoons in the beds.' },
    ],
    attributes: { Material: ['Steel', 'Clay', 'Ash wood', 'Recycled plastic'], Season: ['Spring', 'Summer', 'All year'] },
    closers: ['Built for years of muddy use.', 'Frost-proof and weatherproof.', 'Great for first-time gardeners.'],
  },
  {
    category: { id: 'outdoor', name: 'Outdoor', description: 'Camping, hiking and everything for a night under the stars.' },
    hue: 160,
    namePattern: '{brand} {qualifier} {noun}',
    brands: ['Trailborn', 'Summit Ridge', 'Northwind', 'Kestrel'],
    qualifiers: ['Ultralight', 'Waterproof', 'Insulated', 'Packable', 'Four-season', 'Expedition'],
    items: [
      { noun: 'Tent', price: [129, 549], blurb: 'Pitches in minutes and shrugs off wind and rain.' },
      { noun: 'Sleeping Bag', price: [69, 329], blurb: 'Warm down to −5 °C and packs into its own sack.' },
      { noun: 'Backpack', price: [59, 249], blurb: 'An adjustable back system and a rain cover in the lid.' },
      { noun: 'Headlamp', price: [19, 79], blurb: 'Rechargeable over USB-C, with a red night mode.' },
      { noun: 'Camping Stove', price: [35, 149], blurb: 'Boils half a litre in under three minutes.' },
      { noun: 'Water Bottle', price: [15, 45], blurb: 'Keeps drinks cold for a day or hot for twelve hours.' },
      { noun: 'Rain Jacket', price: [79, 289], blurb: 'Breathable three-layer shell with pit zips.' },
    ],
    attributes: { Colour: ['Olive', 'Glacier Blue', 'Signal Orange', 'Black'], Weight: ['300 g', '850 g', '1.2 kg', '2.4 kg'], Season: ['Three-season', 'Four-season'] },
    closers: ['Tested on long-distance trails.', 'Repairable, with spare parts available.', 'Leave no trace.'],
  },
  {
    category: { id: 'electronics', name: 'Electronics', description: 'Audio, chargers and gadgets for home and travel.' },
    hue: 220,
    namePattern: '{brand} {qualifier} {noun}',
    brands: ['Voltra', 'Sonique', 'Pixelwave', 'Arclight', 'Hertz & Ohm'],
    qualifiers: ['Wireless', 'Compact', 'Noise-cancelling', 'Smart', 'Portable', 'Pro'],
    items: [
      { noun: 'Headphones', price: [49, 349], blurb: 'Thirty hours of playback and a fold-flat design.' },
      { noun: 'Bluetooth Speaker', price: [39, 229], blurb: 'Room-filling sound, splash-proof for the bathroom or the beach.' },
      { noun: 'Power Bank', price: [25, 89], blurb: 'Charges a phone three times over; USB-C in and out.' },
      { noun: 'USB-C Charger', price: [19, 69], blurb: 'Fast charging for a laptop, a tablet and a phone at once.' },
      { noun: 'Mechanical Keyboard', price: [69, 199], blurb: 'Hot-swappable switches and a solid aluminium case.' },
      { noun: 'Webcam', price: [45, 159], blurb: 'Sharp 1080p video with automatic low-light correction.' },
      { noun: 'E-reader', price: [99, 279], blurb: 'A glare-free screen and weeks of battery life.' },
    ],
    attributes: { Colour: ['Space Grey', 'White', 'Midnight', 'Sage'], Connectivity: ['Bluetooth 5.3', 'USB-C', 'Wi-Fi'], Warranty: ['1 year', '2 years', '3 years'] },
    closers: ['Firmware updates included.', 'Ships with a braided cable.', 'Certified for EU chargers.'],
  },
  {
    category: { id: 'books', name: 'Books', description: 'Novels, cookbooks and field guides, new and classic.' },
    hue: 270,
    namePattern: 'The {qualifier} {noun}',
    brands: ['Ada Marlowe', 'Tomás Ferreira', 'Ingrid Solberg', 'Kwame Asante', 'Hélène Dubois'],
    brandAttribute: 'Author',
    qualifiers: ['Quiet', 'Last', 'Hidden', 'Salt', 'Winter', 'Paper', 'Northern', 'Lost'],
    items: [
      { noun: 'Harbour', price: [12, 24], blurb: 'A slow-burning story of a fishing town and the family that holds it together.' },
      { noun: 'Atlas', price: [18, 45], blurb: 'A richly illustrated journey through places that no longer exist.' },
      { noun: 'Garden', price: [14, 29], blurb: 'An essay on patience, soil and the seasons.' },
      { noun: 'Kitchen', price: [22, 39], blurb: 'Eighty recipes from a lifetime of cooking for friends.' },
      { noun: 'Lighthouse', price: [11, 22], blurb: 'A mystery on a remote island, told over one stormy week.' },
      { noun: 'Orchard', price: [13, 26], blurb: 'Three generations and the trees they planted.' },
    ],
    attributes: { Format: ['Hardcover', 'Paperback'], Language: ['English', 'French', 'German'] },
    closers: ['A book club favourite.', 'Printed on FSC-certified paper.', 'Shortlisted for a national prize.'],
  },
  {
    category: { id: 'apparel', name: 'Apparel', description: 'Everyday clothing made from natural and recycled fibres.' },
    hue: 340,
    namePattern: '{brand} {qualifier} {noun}',
    brands: ['Loom & Field', 'Tidewear', 'Maglia', 'Okra'],
    qualifiers: ['Merino', 'Organic Cotton', 'Linen', 'Recycled Wool', 'Heavyweight', 'Relaxed'],
    items: [
      { noun: 'T-Shirt', price: [19, 49], blurb: 'A clean crew neck that keeps its shape wash after wash.' },
      { noun: 'Jumper', price: [59, 149], blurb: 'Warm without bulk, with ribbed cuffs and hem.' },
      { noun: 'Overshirt', price: [55, 129], blurb: 'Two chest pockets and horn-effect buttons.' },
      { noun: 'Chinos', price: [49, 119], blurb: 'A tapered leg with a little stretch for comfort.' },
      { noun: 'Beanie', price: [15, 39], blurb: 'A fine rib knit that folds up or slouches.' },
      { noun: 'Scarf', price: [25, 79], blurb: 'Long enough to wrap twice on cold mornings.' },
    ],
    attributes: { Colour: ['Navy', 'Oatmeal', 'Rust', 'Bottle Green', 'Black'], Size: ['S', 'M', 'L', 'XL'], Fit: ['Regular', 'Relaxed', 'Slim'] },
    closers: ['Machine washable at 30 °C.', 'Made in Portugal.', 'Fibres traceable to the farm.'],
  },
  {
    category: { id: 'toys', name: 'Toys & Games', description: 'Wooden toys, puzzles and board games for all ages.' },
    hue: 48,
    namePattern: '{brand} {qualifier} {noun}',
    brands: ['Tinker Tot', 'Woodland Play', 'Meeple & Co', 'Bright Owl'],
    qualifiers: ['Wooden', 'Magnetic', 'Rainbow', 'Cooperative', 'Pocket', 'Deluxe'],
    items: [
      { noun: 'Building Blocks', price: [19, 69], blurb: 'Fifty smooth, solid pieces in a cotton bag.' },
      { noun: 'Jigsaw Puzzle', price: [14, 39], blurb: 'A thousand thick pieces and a poster of the picture.' },
      { noun: 'Board Game', price: [25, 69], blurb: 'Two to five players, about forty-five minutes a game.' },
      { noun: 'Train Set', price: [35, 119], blurb: 'Track, bridges and a battery engine that climbs hills.' },
      { noun: 'Marble Run', price: [29, 89], blurb: 'Endless layouts from twenty connecting parts.' },
      { noun: 'Card Game', price: [9, 24], blurb: 'Quick rounds that work for a family of any size.' },
    ],
    attributes: { Age: ['3+', '6+', '8+', '12+'], Players: ['1', '2–4', '2–6'], Material: ['Beech wood', 'Cardboard', 'Bioplastic'] },
    closers: ['Safety tested to EN 71.', 'No batteries required.', 'A gift that gets played with.'],
  },
  {
    category: { id: 'beauty', name: 'Beauty & Care', description: 'Skin care, soaps and grooming with clean ingredients.' },
    hue: 300,
    namePattern: '{brand} {qualifier} {noun}',
    brands: ['Botanica', 'Sel de Mer', 'Calma', 'Wildflower Lab'],
    qualifiers: ['Lavender', 'Rosemary', 'Unscented', 'Sea Salt', 'Oat', 'Citrus'],
    items: [
      { noun: 'Hand Cream', price: [9, 29], blurb: 'Absorbs quickly and leaves no greasy film.' },
      { noun: 'Soap Bar', price: [6, 15], blurb: 'Cold-processed with olive and coconut oils.' },
      { noun: 'Face Serum', price: [19, 59], blurb: 'A light daily serum with hyaluronic acid.' },
      { noun: 'Shampoo Bar', price: [9, 19], blurb: 'Lasts as long as two bottles, with no plastic.' },
      { noun: 'Body Oil', price: [15, 45], blurb: 'Cold-pressed oils for after the shower.' },
      { noun: 'Lip Balm', price: [4, 12], blurb: 'Beeswax and shea butter in a tin that fits a pocket.' },
    ],
    attributes: { Scent: ['Lavender', 'Rosemary', 'Unscented', 'Citrus'], Size: ['15 ml', '50 ml', '100 ml', '250 ml'], Vegan: ['Yes', 'No'] },
    closers: ['Dermatologically tested.', 'Not tested on animals.', 'Refills available.'],
  },
  {
    category: { id: 'sports', name: 'Sports & Fitness', description: 'Gear for running, yoga, cycling and the gym.' },
    hue: 190,
    namePattern: '{brand} {qualifier} {noun}',
    brands: ['Stride', 'Pulse Athletics', 'Flow Studio', 'Velo Nord'],
    qualifiers: ['Cork', 'Adjustable', 'Reflective', 'Grip', 'Lightweight', 'Training'],
    items: [
      { noun: 'Yoga Mat', price: [29, 99], blurb: 'Six millimetres of cushioning that does not slip when you sweat.' },
      { noun: 'Dumbbell Pair', price: [39, 149], blurb: 'Adjusts from 2 to 12 kg in seconds.' },
      { noun: 'Jump Rope', price: [9, 29], blurb: 'Ball-bearing handles for fast, smooth turns.' },
      { noun: 'Running Vest', price: [45, 119], blurb: 'Two soft flasks and room for a jacket on long runs.' },
      { noun: 'Bike Light Set', price: [25, 79], blurb: 'Front and rear lights, visible from 500 m.' },
      { noun: 'Resistance Bands', price: [15, 39], blurb: 'Five levels of resistance with a door anchor.' },
    ],
    attributes: { Colour: ['Black', 'Volt', 'Coral', 'Ocean'], Level: ['Beginner', 'Intermediate', 'Advanced'], Weight: ['180 g', '500 g', '2 kg', '12 kg'] },
    closers: ['Backed by a 100-day trial.', 'Designed with coaches.', 'Wipe clean after use.'],
  },
];
